"""Issue 10 for dues: every write audited by its service, one read door, one filter per list,
regulation numbers from rules and settings."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from branchwork.config.env import env_decimal
from branchwork.core.levels import Level
from branchwork.core.models import AuditEvent
from branchwork.dues import rules, selectors, services
from branchwork.dues.filters import ArrearsFilter, PaymentFilter
from branchwork.dues.models import MonthlyDue, PaidMonth, Payment, Reduction
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db
D = Decimal


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def member(name: str) -> Member:
    return Member.objects.get(name=name)


def _basis(actor):
    return services.basis_set(
        actor=actor,
        member=member("周敏"),
        category="employed",
        base=D("4000"),
        effective_from=dt.date(2027, 1, 1),
    )


def _payment(actor):
    return services.payment_record(
        actor=actor,
        member=member("郑杰"),
        first_month=dt.date(2019, 11, 1),
        last_month=dt.date(2019, 12, 1),
        amount=D("150.60"),
        paid_on=dt.date(2020, 1, 10),
        method="cash",
        receipt_number="AUDIT-1",
    )


def _reversal(actor):
    payment = Payment.objects.filter(organization__code="tr-highway").order_by("id").first()
    return services.payment_reverse(actor=actor, payment=payment, reason="wrong receipt")


def _voluntary(actor):
    return services.voluntary_record(
        actor=actor,
        member=member("张伟"),
        paid_on=dt.date(2020, 7, 1),
        amount=D("50.00"),
        receipt_number="AUDIT-V",
    )


def _remittance(actor):
    return services.remittance_record(
        actor=actor,
        organization=highway(),
        paid_on=dt.date(2020, 1, 5),
        amount=D("10.00"),
        to_name="工委",
        reference="AUDIT-R",
    )


def _reduction(actor):
    return services.reduction_request(
        actor=actor,
        member=member("周敏"),
        first_month=dt.date(2021, 1, 1),
        last_month=dt.date(2021, 3, 1),
        monthly_fee=D("0"),
        reason="困难",
    )


def _decision(actor):
    return services.reduction_decide(actor=actor, reduction=_reduction(TEST_ACTOR), approve=True)


@pytest.mark.parametrize(
    "write, model",
    [
        (_basis, "dues.feebasis"),
        (_payment, "dues.payment"),
        (_reversal, "dues.reversal"),
        (_voluntary, "dues.voluntarypayment"),
        (_remittance, "dues.remittance"),
        (_reduction, "dues.reduction"),
        (_decision, "dues.reduction"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_each_service_that_writes_leaves_an_activity_line_naming_the_actor(
    write, model, user_named
):
    actor = user_named("organizer")
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    obj = write(actor)
    line = AuditEvent.objects.filter(id__gt=start, model=model, object_id=str(obj.pk))
    line = line.order_by("id").last()
    assert line is not None and line.actor_name == "organizer"


def test_bulk_writes_leave_one_summary_line_each(user_named):
    actor = user_named("organizer")
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    created = services.ledger_generate(
        actor=actor, organization=highway(), year=2027, through=dt.date(2027, 3, 1)
    )
    assert created > 0
    [line] = AuditEvent.objects.filter(id__gt=start, kind="bulk", model="dues.monthlydue")
    assert line.actor_name == "organizer" and line.changes == {"count": [None, created]}
    assert line.org_path == highway().path and "2027-01 to 2027-03" in line.note
    # Nothing new to generate: no line.
    services.ledger_generate(
        actor=actor, organization=highway(), year=2027, through=dt.date(2027, 3, 1)
    )
    assert AuditEvent.objects.filter(id__gt=start, kind="bulk").count() == 1

    payment = _payment(actor)
    [paid] = AuditEvent.objects.filter(id__gt=start, kind="bulk", model="dues.paidmonth")
    assert paid.changes == {"count": [None, 2]} and "AUDIT-1" in paid.note
    services.payment_reverse(actor=actor, payment=payment, reason="typo")
    lines = AuditEvent.objects.filter(id__gt=start, kind="bulk", model="dues.paidmonth")
    assert lines.count() == 2 and "reversed 2019-11 to 2019-12" in lines.order_by("id").last().note
    assert PaidMonth.objects.filter(payment=payment, reversed_by__isnull=True).count() == 0


def test_an_inactive_higher_committee_user_cannot_approve(user_named):
    from branchwork.accounts.services import grant_create, user_create

    request = _reduction(TEST_ACTOR)
    services.reduction_decide(actor=user_named("organizer"), reduction=request, approve=True)
    higher = user_create(actor=TEST_ACTOR, username="organs-gone", password="a-Fine-pass-2026")
    grant_create(
        actor=TEST_ACTOR,
        user=higher,
        organization=Organization.objects.get(code="tr-organs"),
        role="organization",
    )
    higher.is_active = False
    with pytest.raises(ValidationError, match="higher committee approves"):
        services.reduction_decide(actor=higher, reduction=request, approve=True)
    assert Reduction.objects.get(pk=request.pk).state == "branch_approved"


def test_org_wide_selectors_refuse_users_without_dues_view(user_named):
    outsider = user_named("outsider")
    for read in (
        lambda: selectors.arrears(user=outsider, organization=highway()),
        lambda: selectors.year_summary(user=outsider, organization=highway(), year=2019),
        lambda: selectors.current_bases(user=outsider, organization=highway()),
        lambda: selectors.collection_sheet(
            user=outsider, organization=highway(), month=dt.date(2019, 1, 1)
        ),
        lambda: selectors.payment_list(user=outsider, organization=highway()),
    ):
        with pytest.raises(PermissionDenied):
            read()


def test_payments_page_api_and_export_use_one_filter(as_persona):
    import io

    from openpyxl import load_workbook

    client = as_persona("organizer")
    query = "org=tr-highway&year=2019&method=cash"
    expected = list(
        PaymentFilter(
            {"year": "2019", "method": "cash"},
            queryset=Payment.objects.filter(organization__code="tr-highway"),
        ).qs.values_list("receipt_number", flat=True)
    )
    assert expected
    api = client.get(f"/api/dues/payments?{query}&page_size=500").json()
    assert sorted(p["receipt_number"] for p in api["items"]) == sorted(expected)
    page = client.get(f"/dues/payments/?{query}")
    assert page.status_code == 200 and page.context["page"].paginator.count == len(expected)
    export = client.get(f"/dues/payments/?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sorted(row[6] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        expected
    )
    assert (
        client.get("/api/dues/payments?org=tr-highway&year=2019&method=bitcoin").status_code == 422
    )


def test_arrears_page_api_and_export_use_one_filter(as_persona):
    import io

    from openpyxl import load_workbook

    client = as_persona("organizer")
    everyone = client.get("/api/dues/arrears?org=tr-highway").json()
    assert any(a["name"] == "郑杰" for a in everyone)
    found = client.get("/api/dues/arrears?org=tr-highway&q=zj").json()
    assert [a["name"] for a in found] == ["郑杰"]
    page = client.get("/dues/arrears/?org=tr-highway&q=zj")
    assert [a.member.name for a in page.context["rows"]] == ["郑杰"]
    export = client.get("/dues/arrears/?org=tr-highway&q=zj&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["郑杰"]
    cases = client.get("/api/dues/arrears?org=tr-highway&level=case").json()
    assert all(a["level"] == "case" for a in cases)
    assert client.get("/api/dues/arrears?org=tr-highway&level=bad").status_code == 422
    assert ArrearsFilter({"level": "warning"}).is_valid()


def test_arrears_levels_are_core_levels():
    assert rules.arrears_level(6) is Level.CASE
    assert rules.arrears_level(3) is Level.WARNING
    assert rules.arrears_level(2) is None


def test_first_month_owed_is_the_month_of_admission():
    assert rules.first_month_owed(dt.date(2019, 3, 28)) == dt.date(2019, 3, 1)
    assert rules.remit_to_centre(D("1000")) and not rules.remit_to_centre(D("999.99"))


def test_fee_category_has_its_own_schema_name():
    from branchwork.config.api import api

    schemas = api.get_openapi_schema(path_prefix="/api/")["components"]["schemas"]
    assert "FeeCategory" in schemas
    assert set(schemas["FeeCategory"]["enum"]) == set(rules.FeeCategory.values)


def test_farmer_fee_setting_is_a_bounded_decimal(monkeypatch, settings):
    assert isinstance(settings.DUES_FARMER_FEE, Decimal)
    bounds = {"minimum": rules.FARMER_MIN, "maximum": rules.FARMER_MAX}
    monkeypatch.setenv("DUES_FARMER_FEE", "0.80")
    assert env_decimal("DUES_FARMER_FEE", "0.50", **bounds) == D("0.80")
    for bad in ("1.5", "0.1", "lots", "NaN"):
        monkeypatch.setenv("DUES_FARMER_FEE", bad)
        with pytest.raises(ImproperlyConfigured, match="DUES_FARMER_FEE"):
            env_decimal("DUES_FARMER_FEE", "0.50", **bounds)


def test_a_bad_farmer_fee_stops_start_up():
    env = {**os.environ, "DUES_FARMER_FEE": "2.00"}
    src = Path(__file__).resolve().parents[2] / "src"
    env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
    result = subprocess.run(
        [sys.executable, "-c", "import branchwork.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DUES_FARMER_FEE" in result.stderr and "between 0.20 and 1.00" in result.stderr


def test_monthly_dues_count_is_unchanged_by_the_read_door(user_named):
    # The ledger API lists the same rows as the table holds for the branch.
    rows = selectors.ledger_list(user=user_named("organizer"), organization=highway(), year=2019)
    mine = MonthlyDue.objects.filter(organization__code="tr-highway", month__year=2019)
    assert rows.count() == mine.count() > 0
