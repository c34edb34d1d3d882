"""The ledger: one row per item, verified by the secretary, corrected by reversal and never
by editing a verified row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from branchwork.assistance import rules, selectors, services
from branchwork.assistance.models import LedgerEntry
from branchwork.core.models import AuditEvent
from tests.assistance.factories import build, entry


@pytest.fixture
def data(persona_tree):
    return build(persona_tree)


def test_a_recorded_row_is_recorded_with_its_activity_line(persona_tree, data):
    row = entry(data)
    assert row.status == LedgerEntry.Status.RECORDED
    assert AuditEvent.objects.filter(model="assistance.ledgerentry", object_id=str(row.pk)).exists()


def test_the_secretary_verifies_and_the_deputy_may_not(persona_tree, data):
    row = entry(data)
    with pytest.raises(PermissionDenied):
        services.entry_verify(actor=persona_tree.users["deputy"], entry=row)
    verified = services.entry_verify(actor=persona_tree.users["secretary"], entry=row)
    assert verified.status == "verified"
    assert verified.verified_by == persona_tree.users["secretary"]


def test_a_verified_row_is_never_edited_or_deleted(persona_tree, data):
    row = entry(data)
    services.entry_verify(actor=persona_tree.users["secretary"], entry=row)
    row.refresh_from_db()
    with pytest.raises(ValidationError, match="never changed"):
        services.entry_update(
            actor=persona_tree.users["secretary"], entry=row, data={"amount": Decimal("1")}
        )
    with pytest.raises(ValidationError):
        services.entry_delete(actor=persona_tree.users["secretary"], entry=row)
    row.refresh_from_db()
    assert row.amount == Decimal("12000.00")


def test_the_edit_page_refuses_a_verified_row(persona_tree, data):
    row = entry(data)
    services.entry_verify(actor=persona_tree.users["secretary"], entry=row)
    client = persona_tree.client("secretary")
    response = client.post(
        f"/assistance/entries/{row.pk}/edit/",
        {
            "date": "2019-05-10",
            "donor": "测试局",
            "county": data.county.pk,
            "kind": "materials",
            "amount": "1.00",
            "source": "direct",
            "purpose": "改",
        },
    )
    assert response.status_code == 200
    assert "never changed" in response.text
    row.refresh_from_db()
    assert row.amount == Decimal("12000.00")


def test_a_correction_is_a_reversal_that_cancels_the_original(persona_tree, data):
    secretary = persona_tree.users["secretary"]
    row = entry(data)
    services.entry_verify(actor=secretary, entry=row)
    reversal = services.entry_reverse(actor=secretary, entry=row, reason="数量录错")
    assert reversal.amount == Decimal("-12000.00")
    assert reversal.quantity == Decimal("-20.00")
    assert reversal.reverses == row
    row.refresh_from_db()
    assert row.status == "verified" and row.amount == Decimal("12000.00")
    totals = selectors.ledger_totals(user=secretary, organization=persona_tree.branch)
    assert totals.total == Decimal("0.00")
    with pytest.raises(ValidationError, match="already reversed"):
        services.entry_reverse(actor=secretary, entry=row, reason="again")
    with pytest.raises(ValidationError, match="not reversed again"):
        services.entry_reverse(actor=secretary, entry=reversal, reason="again")


def test_a_recorded_row_is_changed_not_reversed(persona_tree, data):
    row = entry(data)
    with pytest.raises(ValidationError, match="Only a verified row"):
        services.entry_reverse(actor=persona_tree.users["secretary"], entry=row, reason="x")
    services.entry_update(
        actor=persona_tree.users["secretary"], entry=row, data={"amount": Decimal("11000")}
    )
    row.refresh_from_db()
    assert row.amount == Decimal("11000.00")


def test_negative_amounts_and_recipients_outside_the_county_are_refused(persona_tree, data):
    with pytest.raises(ValidationError) as error:
        entry(data, amount=Decimal("-5"))
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        entry(data, county=data.county2)  # village of the other county
    assert "village" in error.value.message_dict


def test_a_household_recipient_brings_its_village(persona_tree, data):
    row = entry(data, village=None, household=data.household, kind="funds", quantity=None)
    assert row.village == data.village
    assert row.household == data.household


def test_indicators_count_verified_rows_and_reversals_cancel(persona_tree, data):
    secretary = persona_tree.users["secretary"]
    kept = entry(data, kind="funds", quantity=None, amount=Decimal("50000"))
    brought = entry(
        data, kind="project", quantity=None, amount=Decimal("300000"), source="brought_in"
    )
    wrong = entry(data, kind="funds", quantity=None, amount=Decimal("7000"))
    entry(data, kind="funds", quantity=None, amount=Decimal("999"))  # recorded only: not counted
    for row in (kept, brought, wrong):
        services.entry_verify(actor=secretary, entry=row)
    reversal = services.entry_reverse(actor=secretary, entry=wrong, reason="重复")
    services.entry_verify(actor=secretary, entry=reversal)
    services.target_set(
        actor=secretary,
        county=data.county,
        year=2019,
        indicator=rules.Indicator.DIRECT_FUNDS,
        target=Decimal("100000"),
    )
    rows = {
        r.indicator: r
        for r in selectors.indicator_rows(user=secretary, county=data.county, year=2019)
    }
    assert rows["direct_funds"].ledger == Decimal("50000.00")
    assert rows["direct_funds"].completion == Decimal("50.0")
    assert rows["brought_in_funds"].ledger == Decimal("300000.00")
    assert rows["projects"].ledger == 1
    assert rows["cadres_trained"].ledger is None


def test_marking_a_target_verified_needs_the_verify_action(persona_tree, data):
    with pytest.raises(PermissionDenied):
        services.target_set(
            actor=persona_tree.users["leader"],
            county=data.county,
            year=2019,
            indicator="projects",
            target=Decimal("3"),
            actual=Decimal("3"),
            status="verified",
        )


def test_ledger_page_and_export_share_the_filter(persona_tree, data):
    entry(data)
    entry(data, county=data.county2, village=data.village2, date=dt.date(2018, 4, 1))
    client = persona_tree.client("inspector")
    org = persona_tree.branch.code
    page = client.get(f"/assistance/?org={org}&county=520625")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    export = client.get(f"/assistance/?org={org}&county=520625&format=xlsx")
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('520625.xlsx"')


def test_the_outsider_gets_404_for_a_row(persona_tree, data):
    row = entry(data)
    assert persona_tree.client("outsider").get(f"/assistance/entries/{row.pk}/").status_code == 404
    assert persona_tree.client("engineer").get(f"/assistance/entries/{row.pk}/").status_code == 404
