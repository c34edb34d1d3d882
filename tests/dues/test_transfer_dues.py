"""Transfers and dues (issue 11 §2, shared/cases "A member owing 150.60 yuan is transferred
out"): the page warns and asks to confirm when the member owes, the transfer records the month
dues are paid up to, and the debt stays in the arrears of the organization it is owed to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branchwork.dues import selectors
from branchwork.members.models import Member
from branchwork.members.services import member_transfer_out
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR, login_client
from tests.dues.test_verdicts import generate, new_member, pay_months, transport, with_basis

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED = dt.date(2026, 11, 15)  # November is the current month: owed means October or before


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def owing(name: str, serial: int, paid_last: int) -> Member:
    """A transport member with 40.00 a month from January 2026, paid January..``paid_last``."""
    m = with_basis(new_member(name, serial))
    generate()
    pay_months(m, 1, paid_last, f"T{serial}")
    return m


def test_paid_through_last_month_transfers_without_a_warning():
    m = owing("转出甲", 811, paid_last=10)
    assert selectors.member_arrears(m, ISSUED) is None
    transfer = member_transfer_out(
        actor=TEST_ACTOR, member=m, issued_on=ISSUED, to_organization=highway()
    )
    assert transfer.dues_paid_through == dt.date(2026, 10, 1)
    assert transfer.dues_owed is None


def test_owing_one_month_is_refused_until_confirmed_and_the_letter_states_the_month():
    m = owing("转出乙", 812, paid_last=9)
    owed = selectors.member_arrears(m, ISSUED)
    assert owed is not None and owed.unpaid_months == [dt.date(2026, 10, 1)]
    assert owed.amount == D("40.00")
    with pytest.raises(ValidationError) as refused:
        member_transfer_out(actor=TEST_ACTOR, member=m, issued_on=ISSUED, to_name="外地支部")
    assert "arrears_acknowledged" in refused.value.message_dict
    m.refresh_from_db()
    assert m.status == "normal" and not m.transfers.exists()
    transfer = member_transfer_out(
        actor=TEST_ACTOR,
        member=m,
        issued_on=ISSUED,
        to_name="外地支部",
        arrears_acknowledged=True,
    )
    assert (transfer.dues_paid_through, transfer.dues_owed) == (dt.date(2026, 9, 1), D("40.00"))
    change = m.status_changes.get(status="transferred_out")
    assert "Dues paid up to 2026-09." in change.reason and "40.00" in change.reason


def test_the_debt_stays_in_the_arrears_of_the_organization_left():
    out = owing("转出丙", 813, paid_last=9)
    moved = owing("转出丁", 814, paid_last=8)
    member_transfer_out(
        actor=TEST_ACTOR,
        member=out,
        issued_on=ISSUED,
        to_name="外地支部",
        arrears_acknowledged=True,
    )
    member_transfer_out(
        actor=TEST_ACTOR,
        member=moved,
        issued_on=ISSUED,
        to_organization=highway(),
        arrears_acknowledged=True,
    )
    as_of = dt.date(2026, 12, 1)  # November, generated before the transfer, is now owed too
    rows = {a.member.name: a for a in selectors.subtree_arrears(transport(), as_of)}
    assert rows["转出丙"].unpaid_months == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert rows["转出丙"].left_for == "外地支部"
    assert rows["转出丁"].amount == D("120.00")
    assert rows["转出丁"].left_for == highway().name
    # Owed to transport, not to the branch the member moved to.
    assert "转出丁" not in {a.member.name for a in selectors.subtree_arrears(highway(), as_of)}
    page = login_client("transport-secretary").get("/dues/arrears/?org=tr-transport").content
    text = page.decode()
    assert "转出丙" in text and "转出丁" in text and 'data-testid="arrears-left"' in text


@pytest.mark.parametrize(
    ("issued_on", "kept_through"),
    [
        (dt.date(2026, 8, 31), dt.date(2026, 8, 1)),  # the day before September
        (dt.date(2026, 9, 1), dt.date(2026, 9, 1)),  # the first day of September
        (dt.date(2026, 9, 30), dt.date(2026, 9, 1)),  # the last day of September
        (dt.date(2026, 10, 1), dt.date(2026, 10, 1)),  # the day after
    ],
)
def test_a_transfer_recorded_late_keeps_only_the_months_up_to_its_month(issued_on, kept_through):
    """The letter was issued in September but recorded in November, after the ledger had
    generated October and November on the sending branch's books: the branch keeps the months
    up to and including the letter's month; the later ones were never owed to it."""
    m = owing("补录转出", 819, paid_last=6)  # unpaid from July
    member_transfer_out(
        actor=TEST_ACTOR,
        member=m,
        issued_on=issued_on,
        to_name="外地支部",
        arrears_acknowledged=True,
    )
    rows = {a.member.name: a for a in selectors.subtree_arrears(transport(), dt.date(2026, 12, 1))}
    months = rows["补录转出"].unpaid_months
    assert months[0] == dt.date(2026, 7, 1) and months[-1] == kept_through
    assert rows["补录转出"].amount == D("40.00") * len(months)


def test_the_transfer_page_shows_the_arrears_and_asks_to_confirm():
    m = owing("转出戊", 815, paid_last=9)
    client = login_client("transport-secretary")
    url = f"/members/{m.pk}/transfer/"
    page = client.get(url).content.decode()
    assert 'data-testid="transfer-arrears"' in page and "2026-10" in page
    assert 'name="arrears_acknowledged"' in page
    assert 'data-testid="transfer-paid-through"' in page and "2026-09" in page
    data = {"to_name": "外地支部", "issued_on": "2026-11-15"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    m.refresh_from_db()
    assert m.status == "normal"
    done = client.post(url, {**data, "arrears_acknowledged": "on"})
    assert done.status_code == 302
    m.refresh_from_db()
    assert m.status == "transferred_out"
    detail = client.get(f"/members/{m.pk}/").content.decode()
    assert "2026-09" in detail


def test_a_member_who_owes_nothing_is_not_asked():
    m = owing("转出己", 816, paid_last=11)
    page = login_client("transport-secretary").get(f"/members/{m.pk}/transfer/").content.decode()
    assert 'data-testid="transfer-arrears"' not in page
    assert 'name="arrears_acknowledged"' not in page
    assert "2026-11" in page


def test_months_paid_ahead_count_toward_paid_through():
    from branchwork.dues import services
    from tests.dues.test_verdicts import collector

    m = owing("转出庚", 817, paid_last=10)
    services.payment_record(
        actor=collector(),
        member=m,
        first_month=dt.date(2026, 11, 1),
        last_month=dt.date(2027, 1, 1),  # two months ahead of November
        amount=D("120.00"),
        paid_on=dt.date(2026, 11, 20),
        method="cash",
        receipt_number="T817-ahead",
    )
    assert selectors.paid_through(m) == dt.date(2027, 1, 1)
    assert selectors.paid_through(new_member("转出辛", 818)) is None
