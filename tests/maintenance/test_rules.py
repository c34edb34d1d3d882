"""Pure maintenance rules: stakes, evaluation units, the work-order flow, shares."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.maintenance import rules


@pytest.mark.parametrize(
    ("metres", "text"),
    [(0, "K0+000"), (999, "K0+999"), (1000, "K1+000"), (1200, "K1+200"), (12345.5, "K12+345.5")],
)
def test_format_stake(metres, text):
    assert rules.format_stake(metres) == text


def test_units_are_whole_lengths_from_the_start_with_a_shorter_last_one():
    assert rules.split_units(0, 2500) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert rules.split_units(200, 1200) == [(200, 1200)]
    assert rules.split_units(0, 1000, 500) == [(0, 500), (500, 1000)]


@pytest.mark.parametrize(("start", "end", "unit"), [(0, 0, 1000), (5, 1, 1000), (0, 10, 0)])
def test_units_refuse_empty_or_backward_routes(start, end, unit):
    with pytest.raises(ValueError):
        rules.split_units(start, end, unit)


@given(
    st.integers(min_value=0, max_value=200_000),
    st.integers(min_value=1, max_value=50_000),
    st.integers(min_value=100, max_value=5_000),
)
def test_units_cover_the_route_exactly_once(start, length, unit):
    units = rules.split_units(start, start + length, unit)
    assert units[0][0] == start and units[-1][1] == start + length
    assert all(a < b <= a + unit for a, b in units)
    assert all(units[i][1] == units[i + 1][0] for i in range(len(units) - 1))


def test_work_order_flow_is_raised_assigned_repaired_verified():
    assert rules.next_work_order_step("raised") == ("assigned", ("assignee",))
    assert rules.next_work_order_step("assigned") == ("repaired", ("repair", "cost"))
    assert rules.next_work_order_step("repaired") == ("verified", ("verified_by",))
    assert rules.next_work_order_step("verified") is None


def test_shares_of_length():
    assert rules.shares(0, 0, 0) == (None, None)
    assert rules.shares(3000, 2000, 500) == (66.67, 16.67)
