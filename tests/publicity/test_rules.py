"""The workflow, self-approval, openness deadlines and font sizes as pure rules."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from branchwork.publicity import rules
from branchwork.publicity.rules import State


def test_workflow_follows_art_15_draft_review_published_withdrawn():
    assert rules.next_state(State.DRAFT, "submit") == State.REVIEW
    assert rules.next_state(State.REVIEW, "approve") == State.PUBLISHED
    assert rules.next_state(State.REVIEW, "send_back") == State.DRAFT
    assert rules.next_state(State.PUBLISHED, "withdraw") == State.WITHDRAWN


@given(
    st.sampled_from(State.values), st.sampled_from(["submit", "approve", "send_back", "withdraw"])
)
def test_no_step_leaves_a_withdrawn_item_or_skips_review(state, step):
    target = rules.next_state(state, step)
    if state == State.WITHDRAWN:
        assert target is None
    if target == State.PUBLISHED:
        assert state == State.REVIEW


def test_an_item_is_live_only_once_its_time_has_come():
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    assert rules.is_live(State.PUBLISHED, now, now)
    assert not rules.is_live(State.PUBLISHED, now + dt.timedelta(seconds=1), now)
    assert not rules.is_live(State.WITHDRAWN, now, now)
    assert not rules.is_live(State.PUBLISHED, None, now)


def test_drafter_approves_own_item_only_when_nobody_else_reviews():
    assert not rules.self_approval_allowed(drafter_id=1, reviewer_id=1, others=1)
    assert rules.self_approval_allowed(drafter_id=1, reviewer_id=1, others=0)
    assert rules.self_approval_allowed(drafter_id=1, reviewer_id=2, others=5)
    assert rules.self_approval_allowed(drafter_id=None, reviewer_id=2, others=5)


def test_dues_publication_is_due_by_the_end_of_january_of_the_next_year():
    assert rules.RULES_BY_KEY["dues"].due_date(2025) == dt.date(2026, 1, 31)
    assert rules.RULES_BY_KEY["development"].due_date(2025) is None


def test_a_year_is_overdue_after_its_deadline_without_a_publication():
    verdicts = rules.openness_verdicts([("dues", 2024)], dt.date(2026, 2, 1), since=2024)
    by = {(v.rule.key, v.year): v for v in verdicts}
    assert by[("dues", 2024)].published and not by[("dues", 2024)].overdue
    assert by[("dues", 2025)].overdue  # due 2026-01-31
    assert not by[("appraisal", 2025)].overdue  # due 2026-03-31
    assert [(v.rule.key, v.year) for v in rules.overdue(verdicts)] == [
        ("appraisal", 2024),
        ("dues", 2025),
    ]


def test_overdue_is_sorted_by_deadline():
    verdicts = rules.openness_verdicts([], dt.date(2026, 6, 1), since=2025)
    assert [v.due for v in rules.overdue(verdicts)] == sorted(v.due for v in verdicts if v.overdue)


@given(st.text(max_size=10))
def test_font_size_is_one_of_three(raw):
    assert rules.font_size(raw) in rules.FONT_SIZES
