"""Dues verdicts at their edges (issue 11 §2): months in a row is the longest run, members
without a basis are "no basis" (not "owes nothing"), and the arrears command. Each case is
built here with the services, as of fixed dates, independent of the demo's dues."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from branchwork.dues import rules, selectors, services
from branchwork.members.forms import MemberForm
from branchwork.members.models import Member
from branchwork.members.services import member_create
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR, login_client
from tests.members.helpers import member_data

pytestmark = pytest.mark.django_db
D = Decimal
AS_OF = dt.date(2026, 12, 1)


def transport() -> Organization:
    return Organization.objects.get(code="tr-transport")


def new_member(name: str, serial: int, **overrides) -> Member:
    form = MemberForm(member_data(name=name, serial=serial, **overrides), organization=transport())
    assert form.is_valid(), form.errors
    return member_create(actor=TEST_ACTOR, organization=transport(), data=form.cleaned_data)


def with_basis(member: Member, fee_base: str = "4000", since=dt.date(2026, 1, 1)) -> Member:
    services.basis_set(
        actor=TEST_ACTOR, member=member, category="employed", base=D(fee_base), effective_from=since
    )
    return member


def generate(through=dt.date(2026, 11, 1)) -> None:
    services.ledger_generate(actor=TEST_ACTOR, organization=transport(), year=2026, through=through)


def collector():
    from branchwork.accounts.models import User

    return User.objects.get(username="admin")


def pay_months(member: Member, first: int, last: int, receipt: str) -> None:
    """Pay 2026 months ``first``..``last`` in payments of at most six months."""
    month = first
    while month <= last:
        end = min(month + 5, last)
        months = rules.month_span(dt.date(2026, month, 1), dt.date(2026, end, 1))
        services.payment_record(
            actor=collector(),
            member=member,
            first_month=months[0],
            last_month=months[-1],
            amount=D("40.00") * len(months),
            paid_on=dt.date(2026, end, 15),
            method="cash",
            receipt_number=f"{receipt}-{month}",
        )
        month = end + 1


def arrears_of(member: Member, today=AS_OF):
    return [a for a in selectors.subtree_arrears(transport(), today) if a.member == member]


def test_paid_september_to_november_but_not_january_to_august_is_eight_in_a_row():
    """Issue 11 and shared/cases (Dues): today "0 months in a row"; 8 and a case."""
    m = with_basis(new_member("欠费甲", 931))
    generate()
    pay_months(m, 9, 11, "R931")
    (entry,) = arrears_of(m)
    assert entry.consecutive == 8 and entry.level == "case"
    assert entry.amount == D("320.00") and len(entry.unpaid_months) == 8


@pytest.mark.parametrize(
    ("unpaid", "level"), [(2, None), (3, "warning"), (5, "warning"), (6, "case")]
)
def test_months_in_a_row_at_the_warning_and_case_edges(unpaid, level):
    m = with_basis(new_member(f"欠费{unpaid}", 940 + unpaid))
    generate()
    pay_months(m, unpaid + 1, 11, f"R94{unpaid}")
    (entry,) = arrears_of(m)
    assert (entry.consecutive, entry.level) == (unpaid, level)


def test_the_current_month_is_not_yet_in_arrears():
    m = with_basis(new_member("欠费乙", 951))
    generate()
    pay_months(m, 1, 10, "R951")
    assert arrears_of(m, dt.date(2026, 11, 30)) == []  # November is the current month
    (entry,) = arrears_of(m, dt.date(2026, 12, 1))  # the day after its end
    assert entry.unpaid_months == [dt.date(2026, 11, 1)] and entry.consecutive == 1


def test_members_without_a_basis_are_listed_not_owing_nothing(user_named):
    admin = user_named("admin")
    m = new_member(
        "无基数", 961, admitted_on="2026-05-30", converted_on="", category="probationary"
    )
    listed = selectors.members_without_basis
    # Owes from the month the general meeting admitted them (党费规定 Art. 8): May.
    assert m not in listed(user=admin, organization=transport(), today=dt.date(2026, 4, 30))
    assert m in listed(user=admin, organization=transport(), today=dt.date(2026, 5, 1))
    assert m in listed(user=admin, organization=transport(), today=dt.date(2026, 5, 30))
    sheet = selectors.collection_sheet(
        user=admin, organization=transport(), month=dt.date(2026, 6, 1)
    )
    (row,) = [r for r in sheet if r.member == m]
    assert row.no_basis and row.due is None
    with_basis(m, since=dt.date(2026, 5, 1))
    assert m not in listed(user=admin, organization=transport(), today=dt.date(2026, 6, 1))


@pytest.mark.parametrize(
    ("admitted", "first"),
    [
        (dt.date(2026, 4, 30), dt.date(2026, 4, 1)),  # the day before May
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1)),
        (dt.date(2026, 5, 31), dt.date(2026, 5, 1)),  # admitted on the month's last day
        (dt.date(2026, 6, 1), dt.date(2026, 6, 1)),
    ],
)
def test_a_probationary_member_owes_from_the_month_of_admission(admitted, first):
    assert rules.first_month_owed(admitted) == first


def test_the_arrears_page_the_sheet_and_home_show_no_basis():
    new_member("无基数乙", 962)
    client = login_client("transport-secretary")
    page = client.get("/dues/arrears/?org=tr-transport").content.decode()
    assert 'data-testid="arrears-no-basis"' in page and "无基数乙" in page
    assert "无基数乙" in client.get("/dues/?org=tr-transport&month=2026-06").content.decode()
    home = client.get("/").content.decode()
    assert 'data-testid="dues-no-basis"' in home and "无基数乙" in home


def test_the_arrears_command(capsys):
    m = with_basis(new_member("欠费丙", 971))
    generate()
    pay_months(m, 9, 11, "R971")
    call_command("dues", "arrears", "--org", "tr-transport", "--as-of", "2026-12-01", "--json")
    rows = [r for r in json.loads(capsys.readouterr().out) if r["member"] == "欠费丙"]
    assert rows == [
        {
            "member": "欠费丙",
            "organization": "tr-transport",
            "unpaid_months": [f"2026-{n:02d}" for n in range(1, 9)],
            "longest_run": 8,
            "amount": "320.00",
            "level": "case",
            "left_for": "",
        }
    ]
    call_command("dues", "arrears", "--org", "tr-transport", "--as-of", "2026-12-01")
    assert "欠费丙  8  8  320.00  case" in capsys.readouterr().out


def test_a_basis_changed_after_generation_reprices_unpaid_months_and_owes_the_difference():
    from branchwork.core.models import AuditEvent
    from branchwork.dues.models import Adjustment, MonthlyDue, PaidMonth

    m = with_basis(new_member("涨薪", 981))  # 4000 yuan: 40.00 a month
    generate()
    pay_months(m, 1, 6, "R981")  # January to June paid ahead at 40.00
    with_basis(m, fee_base="6000", since=dt.date(2026, 4, 1))  # 1.5 %: 90.00 from April
    dues = dict(MonthlyDue.objects.filter(member=m).values_list("month", "amount"))
    assert dues[dt.date(2026, 3, 1)] == D("40.00")  # before the change: as it was
    assert dues[dt.date(2026, 4, 1)] == D("40.00")  # paid: keeps its amount
    assert dues[dt.date(2026, 7, 1)] == D("90.00")  # unpaid: repriced
    assert dues[dt.date(2026, 11, 1)] == D("90.00")
    paid = PaidMonth.objects.filter(member=m, month=dt.date(2026, 4, 1)).get()
    assert paid.amount == D("40.00")  # the ledger is append-only
    differences = list(Adjustment.objects.filter(member=m).values_list("month", "amount"))
    assert differences == [(dt.date(2026, month, 1), D("50.00")) for month in (4, 5, 6)]
    assert AuditEvent.objects.filter(kind="bulk", note__contains="涨薪: repriced 2026-07").exists()
    # Setting the same basis again records nothing twice.
    services.basis_set(
        actor=TEST_ACTOR,
        member=m,
        category="employed",
        base=D("6000"),
        effective_from=dt.date(2026, 5, 1),
    )
    assert Adjustment.objects.filter(member=m).count() == 3
    # The next payment includes the 150.00 owed, says so when short, and settles it.
    months = {"first_month": dt.date(2026, 7, 1), "last_month": dt.date(2026, 11, 1)}
    common = {"member": m, "paid_on": dt.date(2026, 11, 15), "method": "cash", **months}
    with pytest.raises(Exception, match=r"come to 600.00 yuan.*150.00 yuan of differences"):
        services.payment_record(
            actor=collector(), amount=D("450.00"), receipt_number="R981-x", **common
        )
    payment = services.payment_record(
        actor=collector(), amount=D("600.00"), receipt_number="R981-y", **common
    )
    assert set(Adjustment.objects.filter(member=m).values_list("settled_by", flat=True)) == {
        payment.pk
    }
    assert selectors.open_adjustments(m) == []


def test_a_reduction_approved_after_generation_reprices_the_unpaid_months(user_named):
    from branchwork.accounts.services import grant_create, user_create
    from branchwork.dues.models import Adjustment, MonthlyDue

    m = with_basis(new_member("减免", 982))
    generate()
    pay_months(m, 1, 3, "R982")
    request = services.reduction_request(
        actor=TEST_ACTOR,
        member=m,
        first_month=dt.date(2026, 3, 1),
        last_month=dt.date(2026, 12, 1),
        monthly_fee=D("0"),
        reason="exempt",
    )
    services.reduction_decide(
        actor=user_named("transport-secretary"), reduction=request, approve=True
    )
    higher = user_create(actor=TEST_ACTOR, username="organs-org3", password="a-Fine-pass-2026")
    grant_create(
        actor=TEST_ACTOR,
        user=higher,
        organization=Organization.objects.get(code="tr-organs"),
        role="organization",
    )
    services.reduction_decide(actor=higher, reduction=request, approve=True)
    dues = dict(MonthlyDue.objects.filter(member=m).values_list("month", "amount"))
    assert dues[dt.date(2026, 2, 1)] == D("40.00")
    assert dues[dt.date(2026, 4, 1)] == D("0.00")
    assert list(Adjustment.objects.filter(member=m).values_list("month", "amount")) == [
        (dt.date(2026, 3, 1), D("-40.00"))  # paid before the approval: credited next time
    ]
    assert arrears_of(m) == []
