"""The ledger: bases, generation, payments, reversals, reductions, reports, concurrency."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from branchwork.core.scoping import user_grants
from branchwork.dues import rules, selectors, services
from branchwork.dues.models import MonthlyDue, PaidMonth, Payment, Reduction
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from tests.conftest import DEMO_AS_OF, TEST_ACTOR

pytestmark = pytest.mark.django_db
D = Decimal


def organizer():
    """The organization committee member, who collects and corrects dues."""
    from branchwork.accounts.models import User

    return User.objects.get(username="organizer")


def viewer():
    """The installation's administrator (a superuser), who reads every dues list."""
    from branchwork.accounts.models import User

    return User.objects.get(username="admin")


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def member(name: str) -> Member:
    return Member.objects.get(name=name)


def pay(
    m: Member, first: str, last: str, amount: str, receipt: str, paid_on=dt.date(2020, 1, 10)
) -> Payment:
    return services.payment_record(
        actor=organizer(),
        member=m,
        first_month=dt.date.fromisoformat(first + "-01"),
        last_month=dt.date.fromisoformat(last + "-01"),
        amount=D(amount),
        paid_on=paid_on,
        method="cash",
        receipt_number=receipt,
    )


def test_demo_year_reconciles_and_shows_the_arrears():
    total, _branches = selectors.year_summary(
        user=viewer(), organization=highway(), year=2019, today=dt.date(2026, 11, 26)
    )
    assert total.reconciles
    assert total.due == total.collected + total.arrears + total.reversed + total.not_yet_due
    assert total.arrears == D("150.60")  # 郑杰: November and December at 75.30
    assert total.voluntary == D("500.00") and total.voluntary_to_centre == D("0.00")
    assert total.remitted == total.collected
    (entry,) = [
        a
        for a in selectors.arrears(
            user=viewer(), organization=highway(), today=dt.date(2026, 11, 26)
        )
        if a.member.name == "郑杰"
    ]
    assert entry.consecutive == 2 and entry.level is None


def test_generation_is_idempotent():
    assert (
        services.ledger_generate(
            actor=TEST_ACTOR, organization=highway(), year=2019, through=dt.date(2019, 12, 1)
        )
        == 0
    )
    assert MonthlyDue.objects.filter(month__year=2019).count() == 21 * 12 + 8  # 彭晓东 from May


def test_a_probationary_member_pays_from_the_month_of_admission():
    peng = member("彭晓东")  # admitted 2019-05-20 (the general meeting's resolution)
    months = list(
        MonthlyDue.objects.filter(member=peng, month__year=2019).values_list("month", flat=True)
    )
    assert months[0] == dt.date(2019, 5, 1) and len(months) == 8


def test_mid_year_change_applies_from_its_month():
    zhou = member("周敏")
    services.basis_set(
        actor=TEST_ACTOR,
        member=zhou,
        category="employed",
        base=D("4100"),
        effective_from=dt.date(2027, 7, 1),
    )
    services.basis_set(
        actor=TEST_ACTOR,
        member=zhou,
        category="employed",
        base=D("3540"),
        effective_from=dt.date(2027, 1, 1),
    )
    services.ledger_generate(
        actor=TEST_ACTOR, organization=highway(), year=2027, through=dt.date(2027, 12, 1)
    )
    fees = dict(
        MonthlyDue.objects.filter(member=zhou, month__year=2027).values_list("month", "amount")
    )
    assert fees[dt.date(2027, 6, 1)] == D("35.40") and fees[dt.date(2027, 7, 1)] == D("41.00")


def test_a_basis_used_by_generated_dues_cannot_be_rewritten():
    with pytest.raises(ValidationError, match="already generated"):
        services.basis_set(
            actor=TEST_ACTOR,
            member=member("张伟"),
            category="employed",
            base=D("1"),
            effective_from=dt.date(2019, 1, 1),
        )


def test_payment_checks_amount_months_and_duplicates():
    zheng = member("郑杰")
    with pytest.raises(ValidationError, match=r"come to 150\.60 yuan, not 150\.00"):
        pay(zheng, "2019-11", "2019-12", "150.00", "X1")
    with pytest.raises(ValidationError, match="Already paid: 2019-10"):
        pay(zheng, "2019-10", "2019-11", "150.60", "X1")
    with pytest.raises(ValidationError, match="7 months at once"):
        pay(zheng, "2019-11", "2020-05", "1", "X1")
    payment = pay(zheng, "2019-11", "2019-12", "150.60", "X1")
    assert [m.month.month for m in payment.months.all()] == [11, 12]
    zhou = member("周敏")
    fee = rules.quote("employed", zhou.fee_bases.order_by("-effective_from")[0].base).monthly_fee
    with pytest.raises(ValidationError, match="receipt X1 is already used"):
        pay(zhou, "2026-11", "2026-11", str(fee), "X1", paid_on=dt.date(2026, 11, 20))


def test_paying_ahead_generates_the_future_months():
    zhang = member("张伟")
    # The demo's ledger ends in October 2026 (as of 2026-11-30); 9,688 yuan after the 2023
    # pay adjustment pays 1.5 %.
    payment = pay(zhang, "2026-11", "2027-04", str(D("145.32") * 6), "PRE-1", dt.date(2026, 11, 20))
    assert MonthlyDue.objects.filter(member=zhang, month__gte=dt.date(2026, 11, 1)).count() == 6
    assert payment.amount == D("871.92")


def test_reversal_makes_months_unpaid_and_keeps_the_books_balanced():
    zhou = member("周敏")
    payment = PaidMonth.objects.get(member=zhou, month=dt.date(2019, 3, 1)).payment
    services.payment_reverse(actor=organizer(), payment=payment, reason="收据号录错")
    with pytest.raises(ValidationError, match="already reversed"):
        services.payment_reverse(actor=organizer(), payment=payment, reason="again")
    total, _ = selectors.year_summary(
        user=viewer(), organization=highway(), year=2019, today=dt.date(2026, 11, 26)
    )
    assert total.reversed == D("35.40") and total.reconciles  # 3540 yuan at 1 %
    # The payment row is unchanged; the month can be paid again with a new receipt.
    assert Payment.objects.get(pk=payment.pk).amount == D("35.40")
    pay(zhou, "2019-03", "2019-03", "35.40", "FIX-1", paid_on=dt.date(2019, 4, 20))
    total, _ = selectors.year_summary(
        user=viewer(), organization=highway(), year=2019, today=dt.date(2026, 11, 26)
    )
    assert total.reversed == D("0.00") and total.reconciles


def test_voluntary_payment_of_1000_or_more_goes_to_the_centre():
    small = services.voluntary_record(
        actor=TEST_ACTOR,
        member=member("李娜"),
        paid_on=dt.date(2019, 7, 1),
        amount=D("999.99"),
        receipt_number="V2",
    )
    big = services.voluntary_record(
        actor=TEST_ACTOR,
        member=member("李娜"),
        paid_on=dt.date(2019, 7, 1),
        amount=D("1000.00"),
        receipt_number="V3",
    )
    assert (small.remit_to_centre, big.remit_to_centre) == (False, True)


def test_reduction_needs_the_branch_then_the_higher_committee(user_named):
    from branchwork.accounts.services import grant_create, user_create

    request = services.reduction_request(
        actor=TEST_ACTOR,
        member=member("周敏"),
        first_month=dt.date(2028, 1, 1),
        last_month=dt.date(2028, 6, 1),
        monthly_fee=D("0"),
        reason="家庭困难",
    )
    services.reduction_decide(actor=user_named("organizer"), reduction=request, approve=True)
    with pytest.raises(ValidationError, match="higher committee approves"):
        services.reduction_decide(actor=user_named("organizer"), reduction=request, approve=True)
    higher = user_create(actor=TEST_ACTOR, username="organs-org", password="a-Fine-pass-2026")
    grant_create(
        actor=TEST_ACTOR,
        user=higher,
        organization=Organization.objects.get(code="tr-organs"),
        role="organization",
    )
    services.reduction_decide(actor=higher, reduction=request, approve=True)
    assert Reduction.objects.get(pk=request.pk).state == "approved"
    services.ledger_generate(
        actor=TEST_ACTOR, organization=highway(), year=2028, through=dt.date(2028, 12, 1)
    )
    fees = dict(
        MonthlyDue.objects.filter(member__name="周敏", month__year=2028).values_list(
            "month", "amount"
        )
    )
    assert fees[dt.date(2028, 3, 1)] == D("0.00") and fees[dt.date(2028, 7, 1)] > 0


def test_year_summary_over_500_branches_uses_four_queries():
    from branchwork.organizations.services import organization_create

    organs = Organization.objects.get(code="tr-organs")
    for i in range(500):
        organization_create(
            actor=TEST_ACTOR, parent=organs, code=f"dues-{i}", name=f"支部{i}", org_type="branch"
        )
    user = viewer()
    user_grants(user)  # read once per request, before the page's own queries
    with CaptureQueriesContext(connection) as queries:
        total, branches = selectors.year_summary(
            user=user, organization=organs, year=2019, today=dt.date(2026, 11, 26)
        )
    assert len(branches) >= 512 and total.reconciles
    assert len(queries.captured_queries) == 4


def test_cli_quote(capsys):
    call_command("dues", "quote", "--category", "retired", "--base", "5001", "--json")
    import json

    out = json.loads(capsys.readouterr().out)
    assert out == {
        "category": "retired",
        "base": "5001",
        "rate": "0.01",
        "monthly_fee": "50.01",
        "rule": out["rule"],
    }
    assert "Art. 5" in out["rule"]
    call_command("dues", "quote", "--category", "student", "--json")
    assert json.loads(capsys.readouterr().out)["rate"] is None
    for args, message in [
        (["--category", "employed", "--base", "-5"], "cannot be negative"),
        (["--category", "employed", "--base", "lots"], "is not a number"),
        (["--category", "pirate", "--base", "5"], "Unknown category"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("dues", "quote", *args)


@pytest.mark.django_db(transaction=True)
def test_two_people_recording_the_same_payment_at_once_cannot_both_succeed():
    """A real race on PostgreSQL: the second insert waits on the first transaction's
    uncommitted row in the unique index, then fails when it commits."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is tested on PostgreSQL (CI runs it there)")
    from branchwork.demo.loader import load_demo

    load_demo(DEMO_AS_OF)
    zheng = Member.objects.get(name="郑杰")
    first_inserted = threading.Event()
    release = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                pay(zheng, "2019-11", "2019-12", "150.60", "R-A")
                first_inserted.set()
                release.wait(10)
            results["first"] = "ok"
        except Exception as exc:  # pragma: no cover - reported below
            results["first"] = exc
        finally:
            connections.close_all()

    def second() -> None:
        first_inserted.wait(10)
        try:
            pay(zheng, "2019-11", "2019-12", "150.60", "R-B")
            results["second"] = "ok"
        except ValidationError as exc:
            results["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_inserted.wait(10)
    import time

    time.sleep(0.5)  # the second thread is now blocked on the unique index
    release.set()
    for t in threads:
        t.join(20)
    assert results["first"] == "ok"
    assert isinstance(results["second"], ValidationError)
    assert "just recorded by someone else" in str(results["second"])
    assert (
        PaidMonth.objects.filter(
            member=zheng, month__year=2019, month__month__gte=11, reversed_by__isnull=True
        ).count()
        == 2
    )
    assert Payment.objects.filter(receipt_number__in=["R-A", "R-B"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_reversals_of_one_payment_give_one_reversal_and_clear_refusals():
    """A real race on PostgreSQL: twenty reversals of the same payment at once. One succeeds;
    every other one is refused with a clear message, never a server error."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is tested on PostgreSQL (CI runs it there)")
    from branchwork.demo.loader import load_demo

    load_demo(DEMO_AS_OF)
    payment = PaidMonth.objects.filter(member__name="周敏", month__year=2019).first().payment
    actor = organizer()
    start = threading.Barrier(20)
    results: list[object] = []

    def reverse() -> None:
        try:
            start.wait(10)
            services.payment_reverse(actor=actor, payment=payment, reason="并发冲正")
            results.append("ok")
        except ValidationError as exc:
            results.append(exc)
        except Exception as exc:  # pragma: no cover - reported below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reverse) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("ok") == 1
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == 19
    assert all(isinstance(r, ValidationError) for r in refusals), refusals
    assert all("already reversed" in str(r) for r in refusals)


def test_months_are_bounded_around_the_payment_date():
    zhang = member("张伟")
    with pytest.raises(ValidationError, match="may cover months from 2019-07 to 2020-06"):
        pay(zhang, "2020-07", "2020-07", "129.75", "FAR-1")
    with pytest.raises(ValidationError, match="may cover months from 2019-07 to 2020-06"):
        pay(member("郑杰"), "2019-06", "2019-06", "75.30", "OLD-1")


def test_an_exempt_month_is_not_in_arrears(user_named):
    from branchwork.accounts.services import grant_create, user_create

    zhou = member("周敏")
    request = services.reduction_request(
        actor=TEST_ACTOR,
        member=zhou,
        first_month=dt.date(2021, 1, 1),
        last_month=dt.date(2021, 12, 1),
        monthly_fee=D("0"),
        reason="exempt",
    )
    services.reduction_decide(actor=user_named("organizer"), reduction=request, approve=True)
    higher = user_create(actor=TEST_ACTOR, username="organs-org2", password="a-Fine-pass-2026")
    grant_create(
        actor=TEST_ACTOR,
        user=higher,
        organization=Organization.objects.get(code="tr-organs"),
        role="organization",
    )
    services.reduction_decide(actor=higher, reduction=request, approve=True)
    services.ledger_generate(
        actor=TEST_ACTOR, organization=highway(), year=2021, through=dt.date(2021, 12, 1)
    )
    late = [
        a
        for a in selectors.arrears(user=viewer(), organization=highway(), today=dt.date(2022, 3, 1))
        if a.member == zhou
    ]
    assert late == []


def test_payments_stay_on_the_books_of_the_branch_that_kept_them(as_persona):
    from branchwork.members.services import member_transfer_out

    feng = member("冯雪")
    payment = Payment.objects.filter(member=feng).first()
    member_transfer_out(
        actor=TEST_ACTOR,
        member=feng,
        issued_on=dt.date(2026, 11, 1),
        to_organization=Organization.objects.get(code="tr-transport"),
    )
    assert as_persona("organizer").get(f"/dues/payments/{payment.pk}/").status_code == 200
    assert as_persona("outsider").get(f"/dues/payments/{payment.pk}/").status_code == 404


def test_api_refuses_amounts_with_more_than_two_decimals_and_unknown_methods(as_persona):
    import json

    client = as_persona("organizer")
    zhou = member("周敏")
    response = client.post(
        f"/api/dues/members/{zhou.pk}/bases",
        json.dumps({"category": "employed", "base": "3000.004", "effective_from": "2027-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        f"/api/dues/members/{zhou.pk}/payments",
        json.dumps(
            {
                "first_month": "2019-03-01",
                "last_month": "2019-03-01",
                "amount": "35.40",
                "paid_on": "2019-04-01",
                "method": "bitcoin",
                "receipt_number": "B1",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_bad_dates_in_addresses_are_404_not_500(as_persona):
    client = as_persona("organizer")
    assert client.get("/dues/?org=tr-highway&month=9999-12").status_code == 404
    assert client.get("/dues/?org=tr-highway&month=0001-01").status_code == 404
    assert client.post("/dues/generate/?org=tr-highway", {"year": "0"}).status_code == 404
    assert client.get("/api/dues/report?org=tr-highway&year=0").status_code == 422
    assert (
        as_persona("secretary").get("/meetings/calendar/?org=tr-highway&month=9999-12").status_code
        == 404
    )
    assert as_persona("secretary").get("/api/meetings/compliance/tr-highway/0").status_code == 422


def _zhang_2019_basis():
    """张伟's basis of January 2019: the demo generated dues from it."""
    zhang = member("张伟")
    return zhang, zhang.fee_bases.get(effective_from=dt.date(2019, 1, 1))


def _save_again(basis, **changes):
    """basis_set with the stored basis's values, but for ``changes``."""
    fields = ("category", "base", "effective_from", "payslip_items", "note", "version")
    values = {name: getattr(basis, name) for name in fields}
    return services.basis_set(actor=TEST_ACTOR, member=basis.member, **{**values, **changes})


def test_a_basis_saved_unchanged_writes_nothing_even_after_generation():
    """Saving the stored basis back (an edit form posted unchanged) is not a rewrite: no
    'already generated' refusal, no new version, no activity line."""
    from branchwork.core.models import AuditEvent

    _, basis = _zhang_2019_basis()
    assert basis.dues.exists()
    events = AuditEvent.objects.count()
    same = _save_again(basis)
    assert same.version == basis.version and AuditEvent.objects.count() == events


def test_the_note_of_a_basis_in_use_may_change_its_fee_may_not():
    _, basis = _zhang_2019_basis()
    changed = _save_again(basis, note="工资条已核对", version=None)
    assert changed.note == "工资条已核对" and changed.version == basis.version + 1
    assert changed.monthly_fee == basis.monthly_fee
    with pytest.raises(ValidationError, match="already generated"):
        _save_again(basis, base=basis.base + 1000, version=None)


def test_a_basis_changed_from_an_older_version_is_refused():
    from branchwork.core.audit import StaleEdit

    _, basis = _zhang_2019_basis()
    _save_again(basis, note="first")
    with pytest.raises(StaleEdit, match=r"(?i)reload to see their change"):
        _save_again(basis, note="second")
    basis.refresh_from_db()
    assert basis.note == "first"


def test_api_basis_from_an_old_version_answers_409(as_persona):
    zhang, basis = _zhang_2019_basis()
    client = as_persona("organizer")
    url = f"/api/dues/members/{zhang.pk}/bases"
    body = {
        "category": basis.category,
        "base": str(basis.base) if basis.base is not None else None,
        "effective_from": "2019-01-01",
        "version": basis.version,
    }
    first = client.post(url, {**body, "note": "API"}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["version"] == basis.version + 1
    stale = client.post(url, {**body, "note": "late"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    basis.refresh_from_db()
    assert basis.note == "API"
