import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchwork.activities import rules
from branchwork.activities.rules import FundRow, reconcile

DAY = dt.date(2026, 5, 10)
# Amounts in yuan with fen, drawn as whole fen (cheap to generate on a busy machine).
money = st.integers(min_value=1, max_value=9_999_999).map(lambda fen: Decimal(fen) / 100)


def test_sign_up_is_refused_with_the_reason():
    assert rules.may_sign_up(DAY, DAY, open_=True, full=False) == ""
    assert "closed" in rules.may_sign_up(DAY, DAY, open_=False, full=False)
    assert "over" in rules.may_sign_up(DAY, DAY + dt.timedelta(days=1), open_=True, full=False)
    assert "full" in rules.may_sign_up(DAY, DAY, open_=True, full=True)


def test_self_check_in_only_on_the_day():
    assert rules.may_self_check_in(DAY, DAY)
    assert not rules.may_self_check_in(DAY, DAY - dt.timedelta(days=1))
    assert not rules.may_self_check_in(DAY, DAY + dt.timedelta(days=1))


def test_credited_hours_need_attendance_and_prefer_the_participants_own():
    assert rules.credited_hours(Decimal("2"), None, True) == Decimal("2")
    assert rules.credited_hours(Decimal("2"), Decimal("1.5"), True) == Decimal("1.5")
    assert rules.credited_hours(Decimal("2"), Decimal("1.5"), False) == 0


def test_a_ledger_that_matches_its_visits_reconciles():
    rows = [FundRow("income", Decimal("1000")), FundRow("spending", Decimal("300"), 1)]
    check = reconcile(rows, {1: Decimal("300"), 2: Decimal("0")})
    assert check.ok and check.balance == Decimal("700")


def test_a_visit_without_its_spending_row_is_named():
    check = reconcile([FundRow("income", Decimal("1000"))], {7: Decimal("300")})
    assert not check.ok
    assert "Visit 7 gave 300 yuan but the ledger books 0" in check.problems[0]


def test_a_wrong_amount_a_stray_row_and_a_negative_balance_are_named():
    rows = [
        FundRow("income", Decimal("100")),
        FundRow("spending", Decimal("250"), 1),
        FundRow("spending", Decimal("50"), 9),
    ]
    problems = reconcile(rows, {1: Decimal("200")}).problems
    assert any("Visit 1 gave 200" in p for p in problems)
    assert any("visit 9, which is not in this ledger" in p for p in problems)
    assert any("negative" in p for p in problems)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(money, max_size=8), st.lists(money, max_size=8))
def test_balance_is_income_less_spending_and_every_booked_visit_reconciles(incomes, gifts):
    rows = [FundRow("income", a) for a in incomes]
    rows += [FundRow("spending", a, i) for i, a in enumerate(gifts)]
    check = reconcile(rows, dict(enumerate(gifts)))
    assert check.balance == sum(incomes, Decimal(0)) - sum(gifts, Decimal(0))
    assert check.ok == (check.balance >= 0)


@given(money, money)
def test_spending_is_allowed_exactly_up_to_the_balance(balance, amount):
    assert (rules.check_spending(balance, amount) == "") == (amount <= balance)
