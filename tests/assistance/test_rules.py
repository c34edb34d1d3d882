"""The assistance rules: indicator roll-ups from ledger rows (roads.md §5), masking, completion."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from branchwork.assistance import rules
from branchwork.assistance.rules import Item

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
items = st.builds(
    Item,
    kind=st.sampled_from(rules.Kind.values),
    source=st.sampled_from(rules.Source.values),
    amount=amounts,
    quantity=st.one_of(st.none(), amounts),
)


@given(st.lists(items, max_size=30))
def test_an_item_and_its_reversal_cancel_in_every_indicator(rows):
    reversals = [
        Item(r.kind, r.source, -r.amount, -r.quantity if r.quantity is not None else None, -1)
        for r in rows
    ]
    for indicator in rules.Indicator.values:
        actual = rules.ledger_actual(indicator, [*rows, *reversals])
        assert actual is None or actual == 0


@given(st.lists(items, max_size=30))
def test_direct_and_brought_in_funds_split_the_money_items(rows):
    direct = rules.ledger_actual(rules.Indicator.DIRECT_FUNDS, rows)
    brought = rules.ledger_actual(rules.Indicator.BROUGHT_IN_FUNDS, rows)
    money = sum(
        (r.amount for r in rows if r.kind in ("funds", "materials", "project")), Decimal("0")
    )
    assert direct + brought == money


def test_indicators_the_ledger_cannot_tell_apart_are_reported_by_hand():
    assert rules.ledger_actual(rules.Indicator.CADRES_TRAINED, []) is None
    assert rules.ledger_actual(rules.Indicator.PRODUCTS_SOLD, []) is None


@given(st.text(min_size=1, max_size=8))
def test_a_masked_name_keeps_only_its_first_character(name):
    masked = rules.mask_name(name)
    assert masked[0] == name[0] and set(masked[1:]) == {"*"}


def test_completion_and_wan():
    assert rules.completion(Decimal("100000"), Decimal("50000")) == Decimal("50.0")
    assert rules.completion(Decimal("0"), Decimal("5")) is None
    assert rules.completion(Decimal("10"), None) is None
    assert rules.wan(Decimal("9000000")) == Decimal("900.00")
