"""The scoring arithmetic at its boundaries (standards.rules, party-rules.md §6.2)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.standards import rules
from branchwork.standards.rules import EvidenceStatus, Result

D = Decimal


def test_the_default_checklist_is_on_a_100_point_base_and_marked_unverified():
    assert rules.default_total() == D("100")
    assert "UNVERIFIED" in rules.DEFAULT_VERIFICATION_NOTE
    keys = [i.key for c in rules.DEFAULT_TEMPLATE for i in c.items]
    assert len(keys) == len(set(keys))


def test_the_default_checklist_names_the_evidence_the_system_can_give():
    from branchwork.standards.evidence import REGISTRY

    evidenced = {i.evidence_key for c in rules.DEFAULT_TEMPLATE for i in c.items if i.evidence_key}
    assert evidenced == set(REGISTRY)


@pytest.mark.parametrize(
    ("points", "ok"),
    [
        (D("0"), True),
        (D("5"), True),
        (D("4.5"), True),
        (D("5.5"), False),
        (D("-0.5"), False),
        (D("2.3"), False),
    ],
)
def test_points_lie_between_zero_and_the_items_points_in_half_steps(points, ok):
    assert (rules.check_points(points, D("5")) == "") is ok


@given(st.integers(min_value=0, max_value=40))
def test_every_half_step_up_to_the_maximum_is_accepted(halves):
    points = D(halves) / 2
    assert (rules.check_points(points, D("10")) == "") is (points <= 10)


def test_a_correction_supersedes_the_signed_score_and_the_last_one_wins():
    assert rules.effective_points(D("5"), []) == D("5")
    assert rules.effective_points(D("5"), [D("3")]) == D("3")
    assert rules.effective_points(D("5"), [D("3"), D("4.5")]) == D("4.5")
    assert rules.effective_points(None, []) is None


def test_a_tally_counts_scored_items_and_ignores_unknown_ones():
    t = rules.tally({"a": D("5"), "b": D("10")}, {"a": D("4"), "b": None, "zz": D("9")})
    assert (t.total, t.maximum, t.scored, t.items, t.complete) == (D("4"), D("15"), 1, 2, False)
    assert t.percent == D("26.7")


@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=30))
def test_the_total_is_the_sum_of_the_scored_points(values):
    maximums = {str(i): D("10") for i in range(len(values))}
    points = {str(i): D(v) / 2 for i, v in enumerate(values)}
    t = rules.tally(maximums, points)
    assert t.total == sum(points.values()) and t.complete


def _full(total: str) -> rules.Tally:
    return rules.Tally(total=D(total), maximum=D("100"), scored=3, items=3)


@pytest.mark.parametrize(
    ("total", "result", "ok"),
    [
        ("79.5", Result.PASSED, False),
        ("80", Result.PASSED, True),
        ("89.5", Result.DEMONSTRATION, False),
        ("90", Result.DEMONSTRATION, True),
        ("10", Result.NOT_PASSED, True),
        ("100", Result.NOT_PASSED, True),
    ],
)
def test_a_result_needs_its_mark(total, result, ok):
    assert (rules.check_result(result, _full(total), D("80"), D("90")) == "") is ok


def test_no_result_while_an_item_is_unscored():
    partial = rules.Tally(total=D("95"), maximum=D("100"), scored=2, items=3)
    assert "1 not scored" in rules.check_result(Result.NOT_PASSED, partial, D("80"), D("90"))
    assert rules.suggested_result(partial, D("80"), D("90")) == ""


@pytest.mark.parametrize(
    ("total", "suggested"),
    [("79.5", Result.NOT_PASSED), ("80", Result.PASSED), ("90", Result.DEMONSTRATION)],
)
def test_the_marks_suggest_a_result(total, suggested):
    assert rules.suggested_result(_full(total), D("80"), D("90")) == suggested


def test_marks_scale_with_an_edited_checklist():
    assert rules.scaled_mark(D("80"), D("100"), D("120")) == D("96")


# --- Evidence verdicts: a wrong "met" is worse than none ---------------------------------


@pytest.mark.parametrize(
    ("rate", "over", "status"),
    [
        (None, True, EvidenceStatus.NO_VERDICT),
        (D("99.9"), True, EvidenceStatus.NOT_MET),
        (D("100"), True, EvidenceStatus.MET),
        (D("100"), False, EvidenceStatus.IN_PROGRESS),
        (D("50"), False, EvidenceStatus.NOT_MET),
    ],
)
def test_dues_are_met_only_at_full_collection_of_a_finished_year(rate, over, status):
    assert rules.dues_status(rate, over) == status


@pytest.mark.parametrize(
    ("statuses", "over", "status"),
    [
        ([], True, EvidenceStatus.NO_VERDICT),
        (["not_applicable"], True, EvidenceStatus.NO_VERDICT),
        (["met", "met"], True, EvidenceStatus.MET),
        (["met", "missed"], False, EvidenceStatus.NOT_MET),
        (["met", "in_progress"], False, EvidenceStatus.IN_PROGRESS),
        (["met", "overdue"], False, EvidenceStatus.IN_PROGRESS),
        (["met", "overdue"], True, EvidenceStatus.NOT_MET),
        (["met", "not_applicable"], True, EvidenceStatus.MET),
    ],
)
def test_meetings_are_met_only_when_every_applicable_rule_is(statuses, over, status):
    assert rules.meetings_status(statuses, over) == status


@pytest.mark.parametrize(
    ("complete", "total", "status"),
    [
        (0, 0, EvidenceStatus.NO_VERDICT),
        (22, 23, EvidenceStatus.NOT_MET),
        (23, 23, EvidenceStatus.MET),
    ],
)
def test_member_records_are_met_only_when_all_are_complete(complete, total, status):
    assert rules.records_status(complete, total) == status
