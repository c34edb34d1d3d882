"""Organizational-life rules at their boundaries: votes, elections, periods, compliance,
appraisal, absence."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.meetings import rules
from branchwork.meetings.rules import Kind, Status, VoteCount


def test_the_issue_example_sentence():
    result = rules.decide_motion(VoteCount(entitled=23, present=20, votes_for=11, votes_against=9))
    assert result.quorum and not result.passed
    assert result.sentence == "Not passed: 11 for, 23 entitled, more than 11.5 needed."


@pytest.mark.parametrize(
    ("entitled", "present", "quorum"),
    [(23, 11, False), (23, 12, True), (22, 11, False), (22, 12, True)],
)
def test_quorum_is_more_than_half_of_those_entitled(entitled, present, quorum):
    result = rules.decide_motion(VoteCount(entitled, present, votes_for=present))
    assert result.quorum is quorum
    if not quorum:
        assert result.sentence.startswith("No quorum:") and not result.passed


@pytest.mark.parametrize(
    ("entitled", "votes_for", "passed"),
    [(23, 11, False), (23, 12, True), (22, 11, False), (22, 12, True)],
)
def test_majority_is_of_those_entitled_not_of_those_present(entitled, votes_for, passed):
    # Everyone present voted for: still not passed unless more than half of those entitled.
    result = rules.decide_motion(VoteCount(entitled, present=entitled - 1, votes_for=votes_for))
    assert result.passed is passed


def test_written_opinions_count_in_admission_votes():
    count = VoteCount(entitled=21, present=12, votes_for=9, written_for=2)
    result = rules.decide_motion(count)
    assert result.passed
    assert (
        result.sentence
        == "Passed: 11 for (2 of them in writing), 21 entitled, more than 10.5 needed."
    )
    assert rules.check_count(count, allow_written=True) == []
    assert rules.check_count(count, allow_written=False) == [
        "Written opinions count only in votes on admitting members."
    ]


@given(
    entitled=st.integers(min_value=1, max_value=200),
    data=st.data(),
)
def test_motion_verdict_matches_the_arithmetic(entitled, data):
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    votes_for = data.draw(st.integers(min_value=0, max_value=present))
    written = data.draw(st.integers(min_value=0, max_value=entitled - present))
    result = rules.decide_motion(VoteCount(entitled, present, votes_for, written_for=written))
    assert result.quorum == (2 * present > entitled)
    assert result.passed == (result.quorum and 2 * (votes_for + written) > entitled)
    assert result.needed == Decimal(entitled) / 2


@pytest.mark.parametrize(
    ("count", "problem"),
    [
        (VoteCount(10, 11, 5), "11 present is more than the 10 entitled to vote."),
        (VoteCount(10, 8, 5, 3, 1), "9 votes cast is more than the 8 present."),
        (VoteCount(10, 8, 5, written_for=3), "written opinions come only from entitled members"),
    ],
)
def test_incoherent_counts_are_refused(count, problem):
    assert any(problem in p for p in rules.check_count(count, allow_written=True))


@pytest.mark.parametrize(
    ("entitled", "present", "quorum"),
    [(20, 16, False), (20, 17, True), (23, 18, False), (23, 19, True)],
)
def test_election_quorum_is_more_than_four_fifths(entitled, present, quorum):
    assert rules.decide_election(entitled, present, present).quorum is quorum


@pytest.mark.parametrize(
    ("present", "votes", "elected"),
    [(20, 10, False), (20, 11, True), (19, 10, True), (19, 9, False)],
)
def test_elected_with_more_than_half_of_those_present(present, votes, elected):
    result = rules.decide_election(20, present, votes) if present > 16 else None
    if result is None:
        result = rules.decide_election(present, present, votes)
    assert result.passed is elected


@given(
    year=st.integers(min_value=2000, max_value=2100),
    frequency=st.sampled_from(list(rules.PERIODS_PER_YEAR)),
)
def test_periods_cover_the_year_without_gaps(year, frequency):
    ps = rules.periods(year, frequency)
    assert ps[0].start == dt.date(year, 1, 1) and ps[-1].end == dt.date(year, 12, 31)
    for a, b in itertools.pairwise(ps):
        assert b.start == a.end + dt.timedelta(days=1)
    day = dt.date(year, 1, 1)
    while day.year == year:
        index = rules.period_of(day, frequency)
        assert ps[index - 1].start <= day <= ps[index - 1].end
        day += dt.timedelta(days=17)


GENERAL = rules.KIND_RULES[Kind.GENERAL_MEETING]
PARTY_DAY = rules.KIND_RULES[Kind.PARTY_DAY]


def verdict(rule, held, today, planned=(), **kwargs):
    return rules.compliance(rule, 2019, held, list(planned), today, **kwargs)


def test_compliance_met_missed_due_soon_overdue():
    # All four quarters held: met.
    assert verdict(GENERAL, {1: 1, 2: 1, 3: 1, 4: 2}, dt.date(2020, 1, 5)).status == Status.MET
    # Q3 ended without a meeting: missed, and the sentence names the quarter and source.
    v = verdict(GENERAL, {1: 1, 2: 1, 4: 1}, dt.date(2020, 1, 5))
    assert v.status == Status.MISSED and v.missed_periods == ("2019 Q3",)
    assert v.reason == (
        "Missed: Branch general meeting is required quarterly (支部条例 Art. 11); 3 held in 2019; none in 2019 Q3."
    )
    # The current quarter has none yet and ends in 9 days: due soon; in 10 days: in progress
    # (never "met": Q2 to Q4 are still to be held).
    assert verdict(GENERAL, {1: 1}, dt.date(2019, 6, 21)).status == Status.DUE_SOON
    assert verdict(GENERAL, {1: 1}, dt.date(2019, 6, 20)).status == Status.IN_PROGRESS
    # A planned date in the current period has passed without a record: overdue.
    v = verdict(GENERAL, {1: 1}, dt.date(2019, 5, 21), planned=[dt.date(2019, 5, 20)])
    assert v.status == Status.OVERDUE and "2019-05-20" in v.reason
    # On the planned day itself it is not overdue yet.
    assert (
        verdict(GENERAL, {1: 1}, dt.date(2019, 5, 20), planned=[dt.date(2019, 5, 20)]).status
        == Status.IN_PROGRESS
    )


def test_periods_before_the_organization_existed_are_not_required():
    v = verdict(
        PARTY_DAY, {10: 1, 11: 1, 12: 1}, dt.date(2020, 1, 1), active_from=dt.date(2019, 10, 9)
    )
    assert (v.status, v.required) == (Status.MET, 3)
    v = verdict(PARTY_DAY, {}, dt.date(2020, 1, 1), active_from=dt.date(2020, 3, 1))
    assert v.status == Status.NOT_APPLICABLE


def test_rules_apply_by_organization_type_and_committee():
    committee = rules.KIND_RULES[Kind.COMMITTEE_MEETING]
    group = rules.KIND_RULES[Kind.GROUP_MEETING]
    assert rules.applies(committee, "branch", True) and not rules.applies(
        committee, "branch", False
    )
    assert rules.applies(group, "party_group", False) and not rules.applies(group, "branch", True)
    assert not rules.applies(GENERAL, "party_group", False)
    assert not rules.applies(GENERAL, "committee", True)


def test_frequency_overrides_are_checked():
    changed = rules.kind_rules({"lecture": "half_yearly"})
    assert changed[Kind.LECTURE].frequency == "half_yearly"
    with pytest.raises(ValueError, match="unknown frequency"):
        rules.kind_rules({"lecture": "weekly"})
    with pytest.raises(ValueError, match="unknown meeting kind"):
        rules.kind_rules({"picnic": "monthly"})


def test_talks_need_each_pair_type():
    v = rules.talk_compliance(2019, {"committee_committee", "member_member"}, dt.date(2020, 1, 2))
    assert (
        v.status == Status.MISSED
        and v.held == 2
        and "between committee members and members" in v.reason
    )
    assert (
        rules.talk_compliance(2019, set(rules.TalkPair.values), dt.date(2020, 1, 2)).status
        == Status.MET
    )
    assert rules.talk_compliance(2019, set(), dt.date(2019, 12, 5)).status == Status.DUE_SOON


ORG_LIFE = rules.KIND_RULES[Kind.ORG_LIFE]
APPRAISAL = rules.KIND_RULES[Kind.APPRAISAL]


@pytest.mark.parametrize("rule", [ORG_LIFE, APPRAISAL], ids=["org_life", "appraisal"])
@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2019, 1, 1), Status.IN_PROGRESS),
        (dt.date(2019, 12, 21), Status.IN_PROGRESS),  # the year ends in 10 days
        (dt.date(2019, 12, 22), Status.DUE_SOON),  # in 9 days
        (dt.date(2019, 12, 31), Status.DUE_SOON),  # the last day
        (dt.date(2020, 1, 1), Status.MISSED),  # the day after
    ],
)
def test_yearly_rules_with_nothing_held_are_never_met(rule, today, status):
    """Issue 11: the yearly rules showed "met" with nothing held."""
    v = verdict(rule, {}, today)
    assert (v.status, v.required, v.held) == (status, 1, 0)
    assert str(rule.source) in v.reason
    assert verdict(rule, {1: 1}, today).status == Status.MET


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2019, 11, 30), Status.IN_PROGRESS),  # 31 days left
        (dt.date(2019, 12, 1), Status.DUE_SOON),  # 30 days left
        (dt.date(2019, 12, 31), Status.DUE_SOON),
        (dt.date(2020, 1, 1), Status.MISSED),
    ],
)
def test_talks_none_of_three_pair_types_is_never_met(today, status):
    v = rules.talk_compliance(2019, set(), today)
    assert (v.status, v.held, v.required) == (status, 0, 3)
    assert "0 of 3 pair types" in v.reason


def test_monthly_rule_mid_year_is_in_progress_not_met():
    held = {m: 1 for m in range(1, 7)}
    assert verdict(PARTY_DAY, held, dt.date(2019, 6, 30)).status == Status.IN_PROGRESS
    assert verdict(PARTY_DAY, held, dt.date(2019, 7, 1)).status == Status.IN_PROGRESS
    assert verdict(PARTY_DAY, {m: 1 for m in range(1, 13)}, dt.date(2019, 12, 1)).status == (
        Status.MET
    )


_FREQUENCY_RULES = [r for r in rules.KIND_RULES.values() if r.kind != Kind.TALK]


@given(
    rule=st.sampled_from(_FREQUENCY_RULES),
    held=st.dictionaries(st.integers(1, 12), st.integers(0, 3), max_size=12),
    today=st.dates(dt.date(2018, 6, 1), dt.date(2021, 1, 1)),
    planned=st.lists(st.dates(dt.date(2019, 1, 1), dt.date(2019, 12, 31)), max_size=3),
)
def test_compliance_properties(rule, held, today, planned):
    count = rules.PERIODS_PER_YEAR[rule.frequency]
    held = {k: v for k, v in held.items() if k <= count}
    v = verdict(rule, held, today, planned)
    if v.status == Status.MET:
        assert v.held >= v.required
        assert all(held.get(i) for i in range(1, count + 1))
    if today > dt.date(2019, 12, 31) and v.required > sum(1 for n in held.values() if n):
        assert v.status == Status.MISSED


@given(
    pairs=st.sets(st.sampled_from(rules.TalkPair.values)),
    today=st.dates(dt.date(2019, 1, 1), dt.date(2021, 1, 1)),
)
def test_talk_compliance_properties(pairs, today):
    v = rules.talk_compliance(2019, pairs, today)
    if v.status == Status.MET:
        assert v.held >= v.required
    if today > dt.date(2019, 12, 31) and v.required > v.held:
        assert v.status == Status.MISSED


@pytest.mark.parametrize(
    ("excellent", "total", "warns"), [(3, 9, False), (4, 9, True), (7, 22, False), (8, 22, True)]
)
def test_excellent_is_normally_at_most_one_third(excellent, total, warns):
    grades = ["excellent"] * excellent + ["qualified"] * (total - excellent)
    assert bool(rules.appraisal_warnings(grades)) is warns


@pytest.mark.parametrize(
    ("last", "today", "level"),
    [
        # Last took part in May: June, July and August are the first three empty months.
        (dt.date(2019, 5, 31), dt.date(2019, 8, 31), None),
        (dt.date(2019, 5, 31), dt.date(2019, 9, 1), "warning"),
        (dt.date(2019, 5, 31), dt.date(2019, 11, 30), "warning"),
        # June to November: six consecutive months without taking part.
        (dt.date(2019, 5, 31), dt.date(2019, 12, 1), "case"),
        (dt.date(2019, 5, 1), dt.date(2019, 12, 1), "case"),
    ],
)
def test_absence_counts_whole_months_without_taking_part(last, today, level):
    flag = rules.absence_flag(last, today)
    assert (flag.level if flag else None) == level


@pytest.mark.parametrize(
    ("back", "months", "level"),
    [
        # Took part in May, then again only on ``back``: whole months strictly between.
        (dt.date(2026, 8, 31), 2, None),  # June, July: 2
        (dt.date(2026, 9, 1), 3, "warning"),  # June-August: 3
        (dt.date(2026, 11, 30), 5, "warning"),  # June-October: 5
        (dt.date(2026, 12, 1), 6, "case"),  # June-November: 6
    ],
)
def test_the_longest_absence_counts_even_when_the_member_came_back(back, months, level):
    """Issue 11: the longest run, not only the run since the last time (党章 Art. 9)."""
    flag = rules.longest_absence(
        [dt.date(2026, 5, 31), back, back + dt.timedelta(days=1)],
        dt.date(2026, 5, 2),
        back + dt.timedelta(days=1),
    )
    assert (flag.months if flag else 2, flag.level if flag else None) == (months, level)
    if flag:
        assert (flag.since, flag.until) == (dt.date(2026, 5, 31), back)


def test_the_longest_absence_includes_the_open_run_and_the_first_one():
    # Admitted (counted from) 2026-01-10, first took part 2026-08-05: Feb-Jul is 6 months.
    flag = rules.longest_absence([dt.date(2026, 8, 5)], dt.date(2026, 1, 10), dt.date(2026, 9, 1))
    assert (flag.months, flag.level, flag.until) == (6, "case", dt.date(2026, 8, 5))
    # Still away: the open run, as absence_flag counts it.
    flag = rules.longest_absence([], dt.date(2026, 5, 31), dt.date(2026, 9, 1))
    assert (flag.months, flag.level, flag.until) == (3, "warning", None)
    assert rules.longest_absence([], dt.date(2026, 5, 31), dt.date(2026, 8, 31)) is None


def test_periods_and_sources_read_in_chinese():
    """Issue 11 §4: 2026年第一季度 rather than "2026 Q1", 支部条例第十一条 rather than "Art. 11",
    lists joined with 、."""
    from django.utils import translation

    quarters = rules.periods(2026, "quarterly")
    with translation.override("zh-hans"):
        assert [p.label("quarterly") for p in quarters[:2]] == ["2026年第一季度", "2026年第二季度"]
        assert rules.periods(2026, "half_yearly")[1].label("half_yearly") == "2026年下半年"
        assert rules.periods(2026, "yearly")[0].label("yearly") == "2026年"
        assert str(rules.KIND_RULES[rules.Kind.GENERAL_MEETING].source) == "支部条例第十一条"
        assert rules.join_list(["a", "b"]) == "a、b"
    assert quarters[0].label("quarterly") == "2026 Q1"
    assert rules.join_list(["a", "b"]) == "a, b"
