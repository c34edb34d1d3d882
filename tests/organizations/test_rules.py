"""Structural rules (party-rules.md §2.1), tested at every boundary."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.organizations import rules
from branchwork.organizations.rules import OrgType, Post

TYPES = [None, *OrgType.values]


@pytest.mark.parametrize("child", OrgType.values)
@pytest.mark.parametrize("parent", TYPES)
def test_parent_rule_matches_the_table(child, parent):
    findings = rules.check_parent(child, parent)
    allowed = {
        ("committee", None),
        ("committee", "committee"),
        ("general_branch", "committee"),
        ("branch", "committee"),
        ("branch", "general_branch"),
        ("party_group", "branch"),
    }
    if (child, parent) in allowed:
        assert findings == []
    else:
        assert len(findings) == 1 and findings[0].is_error
        assert "支部条例" in findings[0].source


def test_party_group_under_a_committee_is_refused_with_a_reason():
    (finding,) = rules.check_parent(OrgType.PARTY_GROUP, OrgType.COMMITTEE)
    assert finding.message == (
        "A Party group cannot sit under a Party committee; under it you can add: Party committee, General branch, Branch."
    )


@pytest.mark.parametrize(
    ("full", "warns"), [(0, True), (6, True), (7, False), (8, False), (None, False)]
)
def test_committee_needs_seven_full_members(full, warns):
    findings = rules.check_committee(full, 5)
    assert any("7 or more full members" in f.message for f in findings) is warns
    assert all(not f.is_error for f in findings)


@pytest.mark.parametrize(
    ("size", "warns"), [(1, True), (2, True), (3, False), (5, False), (7, False), (8, True)]
)
def test_committee_size_is_three_to_seven(size, warns):
    assert bool(rules.check_committee(None, size)) is warns


def test_no_committee_recorded_gives_no_size_warning():
    assert rules.check_committee(None, 0) == []


@pytest.mark.parametrize(
    ("full", "total", "count"), [(2, 2, 1), (3, 3, 0), (3, 50, 0), (40, 51, 1), (2, 60, 2)]
)
def test_branch_size_boundaries(full, total, count):
    assert len(rules.check_branch_size(full, total)) == count


def test_term_end_examples():
    assert rules.term_end(dt.date(2019, 6, 15), 3) == dt.date(2022, 6, 14)
    assert rules.term_end(dt.date(2019, 1, 1), 3) == dt.date(2021, 12, 31)
    assert rules.term_end(dt.date(2020, 2, 29), 3) == dt.date(2023, 2, 28)
    assert rules.term_end(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 28)
    with pytest.raises(ValueError):
        rules.term_end(dt.date(2020, 1, 1), 0)


@given(
    start=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
    years=st.integers(min_value=1, max_value=10),
)
def test_a_term_is_whole_years_less_a_day(start, years):
    end = rules.term_end(start, years)
    next_start = end + dt.timedelta(days=1)
    assert next_start.year == start.year + years
    if (start.month, start.day) == (2, 29) and next_start.month == 3:
        assert next_start.day == 1
    else:
        assert (next_start.month, next_start.day) == (start.month, start.day)


TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("end", "level", "text"),
    [
        (TODAY - dt.timedelta(days=1), "warning", "overdue"),
        (TODAY, "warning", "prepare"),
        (TODAY + dt.timedelta(days=90), "warning", "prepare"),
        (TODAY + dt.timedelta(days=91), None, None),
    ],
)
def test_term_reminders(end, level, text):
    findings = rules.check_term(dt.date(2020, 1, 1), end, TODAY)
    if level is None:
        assert findings == []
    else:
        (finding,) = findings
        assert finding.level == level and text in finding.message


def test_term_cannot_end_before_it_starts():
    (finding,) = rules.check_term(dt.date(2020, 1, 2), dt.date(2020, 1, 1), TODAY)
    assert finding.is_error


def test_one_secretary_and_one_deputy_at_most():
    assert rules.check_posts([Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.OTHER, Post.OTHER]) == []
    (finding,) = rules.check_posts([Post.SECRETARY, Post.SECRETARY])
    assert finding.is_error and "one Secretary; 2 were given" in finding.message
