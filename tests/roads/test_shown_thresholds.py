"""Thresholds are compared on the value shown (issue 11 §2): the stakes-against-length
warning shows the stakes' length to the metre and decides on that figure."""

from decimal import Decimal

import pytest

from branchwork.roads import workflow


@pytest.mark.parametrize(
    ("end_m", "warns"),
    [
        (2624.9, False),  # shown 2.625 km: exactly 5 % from 2.500, not more
        (2625.0, False),
        (2625.4, False),  # shown 2.625 (the raw 2.6254 is more than 5 % apart)
        (2625.6, True),  # shown 2.626: more than 5 %
        (2374.4, True),  # shown 2.374: more than 5 % short
        (2375.0, False),  # shown 2.375: exactly 5 % short
    ],
)
def test_the_stake_length_warning_decides_on_the_length_shown(end_m, warns):
    warning = workflow.stake_length_warning(0.0, end_m, Decimal("2.500"))
    assert (warning is not None) is warns
    if warning:
        assert "more than 5 % apart" in warning


def test_the_rate_shown_is_never_100_while_a_group_waits():
    from branchwork.roads.selectors import CountyRow

    row = CountyRow(county=None, eligible=2000, connected=1999)  # 99.95 % rounds to 100.0
    assert row.connected_rate == 99.9
    assert CountyRow(county=None, eligible=2000, connected=2000).connected_rate == 100.0
    assert CountyRow(county=None, eligible=2000, connected=1998).connected_rate == 99.9
