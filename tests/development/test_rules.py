"""The hard limits of party-rules.md §3.1 at their boundaries (the day before, the day, the
day after) and the date arithmetic under hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from branchwork.core.dates import add_months
from branchwork.development import rules

BIRTH = dt.date(2000, 6, 15)
DAY = dt.timedelta(days=1)
dates_strategy = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


def facts(dates: dict[int, dt.date], **extra) -> rules.StepFacts:
    return rules.StepFacts(birth_date=BIRTH, dates=dates, **extra)


def upto(last: int, day: dt.date) -> dict[int, dt.date]:
    return {n: day for n in range(1, last + 1)}


def messages(refusals: list[rules.Refusal]) -> str:
    return " ".join(str(r) for r in refusals)


# --- Age at application (党章 Art. 1; 细则 Art. 5) -----------------------------------------


def test_an_application_the_day_before_the_eighteenth_birthday_is_refused_with_the_source():
    refusals = rules.check_step(1, dt.date(2018, 6, 14), facts({}))
    assert "18" in messages(refusals) and "细则 Art. 5" in messages(refusals)


def test_an_application_on_the_eighteenth_birthday_and_after_is_accepted():
    assert rules.check_step(1, dt.date(2018, 6, 15), facts({})) == []
    assert rules.check_step(1, dt.date(2018, 6, 16), facts({})) == []


def test_someone_born_on_29_february_comes_of_age_on_1_march():
    leap = rules.StepFacts(birth_date=dt.date(2004, 2, 29), dates={})
    assert rules.check_step(1, dt.date(2022, 2, 28), leap)
    assert rules.check_step(1, dt.date(2022, 3, 1), leap) == []


# --- The talk within one month (细则 Art. 6) -----------------------------------------------


def test_the_talk_on_the_last_day_of_the_month_is_accepted_and_the_day_after_refused():
    applied = dt.date(2024, 3, 10)
    deadline = dt.date(2024, 4, 10)
    assert rules.check_step(2, deadline - DAY, facts({1: applied})) == []
    assert rules.check_step(2, deadline, facts({1: applied})) == []
    refusals = rules.check_step(2, deadline + DAY, facts({1: applied}))
    assert "2024-04-10" in messages(refusals) and "细则 Art. 6" in messages(refusals)


def test_an_application_on_31_january_has_its_talk_by_the_end_of_february():
    assert rules.talk_deadline(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert rules.talk_deadline(dt.date(2023, 1, 31)) == dt.date(2023, 2, 28)


# --- A year as an activist (细则 Art. 13) --------------------------------------------------


def test_a_development_target_needs_a_full_year_as_an_activist():
    activist = dt.date(2023, 5, 20)
    dates = {**upto(6, activist)}
    refusals = rules.check_step(7, dt.date(2024, 5, 19), facts(dates))
    assert "2024-05-20" in messages(refusals) and "细则 Art. 13" in messages(refusals)
    assert rules.check_step(7, dt.date(2024, 5, 20), facts(dates)) == []
    assert rules.check_step(7, dt.date(2024, 5, 21), facts(dates)) == []


# --- Introducers and training ----------------------------------------------------------------


def test_two_full_member_introducers_are_needed():
    dates = upto(8, dt.date(2024, 1, 1))
    day = dt.date(2024, 2, 1)
    assert "党章 Art. 5" in messages(rules.check_step(9, day, facts(dates, introducers_full=1)))
    assert rules.check_step(9, day, facts(dates, introducers_full=2)) == []


def test_the_short_training_needs_three_days_or_twenty_four_class_hours():
    dates = upto(10, dt.date(2024, 1, 1))
    day = dt.date(2024, 2, 1)
    short = rules.check_step(11, day, facts(dates, training_days=2, training_hours=23))
    assert "细则 Art. 17" in messages(short)
    assert rules.check_step(11, day, facts(dates, training_days=3)) == []
    assert rules.check_step(11, day, facts(dates, training_hours=24)) == []
    assert rules.check_step(11, day, facts(dates, training_hours=25)) == []


# --- The admission vote and the higher approval --------------------------------------------


def test_admission_needs_a_passed_general_meeting_vote_with_its_verdict():
    dates = upto(14, dt.date(2024, 1, 1))
    refusals = rules.check_step(
        15, dt.date(2024, 2, 1), facts(dates, vote_passed=False, vote_sentence="Not passed: 5")
    )
    assert "Not passed: 5" in messages(refusals) and "支部条例 Art. 11" in messages(refusals)
    assert rules.check_step(15, dt.date(2024, 2, 1), facts(dates, vote_passed=True)) == []


def test_the_higher_approval_within_three_months_and_never_after_six():
    resolution = dt.date(2024, 1, 15)
    dates = {**upto(16, resolution)}
    three, six = dt.date(2024, 4, 15), dt.date(2024, 7, 15)
    assert rules.check_step(17, three - DAY, facts(dates)) == []
    assert rules.check_step(17, three, facts(dates)) == []
    late = rules.check_step(17, three + DAY, facts(dates))
    assert "细则 Art. 27" in messages(late) and "special reason" in messages(late)
    assert rules.check_step(17, three + DAY, facts(dates, reason="党委换届")) == []
    assert rules.check_step(17, six, facts(dates, reason="党委换届")) == []
    never = rules.check_step(17, six + DAY, facts(dates, reason="党委换届"))
    assert "never after six months" in messages(never)


# --- Probation: exactly one year, the extension once, 6-12 months ---------------------------


def test_the_conversion_vote_comes_when_the_probation_year_is_over():
    admitted = dt.date(2024, 5, 30)
    dates = {**upto(22, admitted)}
    early = rules.check_step(23, dt.date(2025, 5, 29), facts(dates, vote_passed=True))
    assert "2025-05-30" in messages(early) and "党章 Art. 7" in messages(early)
    assert rules.check_step(23, dt.date(2025, 5, 30), facts(dates, vote_passed=True)) == []
    assert rules.check_step(23, dt.date(2025, 5, 31), facts(dates, vote_passed=True)) == []


def test_an_extended_probation_moves_the_conversion_by_the_extension():
    admitted = dt.date(2024, 5, 30)
    dates = {**upto(22, admitted)}
    extended = facts(dates, vote_passed=True, extension_months=6)
    assert rules.check_step(23, dt.date(2025, 11, 29), extended)
    assert rules.check_step(23, dt.date(2025, 11, 30), extended) == []


def test_an_extension_is_six_to_twelve_months_once_only_after_the_year():
    admitted = dt.date(2024, 5, 30)
    dates = {**upto(22, admitted)}
    end = dt.date(2025, 5, 30)
    ok = facts(dates, vote_passed=True)
    assert rules.check_extension(end, 6, ok) == []
    assert rules.check_extension(end, 12, ok) == []
    assert "6" in messages(rules.check_extension(end, 5, ok))
    assert rules.check_extension(end, 13, ok)
    assert "from 2025-05-30" in messages(rules.check_extension(end - DAY, 6, ok))
    twice = facts(dates, vote_passed=True, extended=True)
    assert "once only" in messages(rules.check_extension(end, 6, twice))


def test_the_conversion_vote_deadline_is_a_local_practice_setting():
    admitted = dt.date(2024, 5, 30)
    assert rules.conversion_vote_deadline(admitted) == dt.date(2025, 6, 30)
    assert rules.conversion_vote_deadline(admitted, grace_months=2) == dt.date(2025, 7, 30)
    assert rules.conversion_vote_deadline(admitted, 6, 0) == dt.date(2025, 11, 30)


# --- The state machine ---------------------------------------------------------------------


def test_a_step_cannot_come_before_the_previous_one_is_recorded():
    refusals = rules.check_step(3, dt.date(2024, 1, 1), facts({1: dt.date(2023, 12, 1)}))
    assert "step 2" in messages(refusals)


def test_a_step_cannot_be_dated_before_the_previous_one():
    refusals = rules.check_step(2, dt.date(2024, 1, 1), facts({1: dt.date(2024, 1, 2)}))
    assert "before step 1" in messages(refusals)


def test_a_recorded_step_cannot_be_recorded_again():
    assert "already recorded" in messages(
        rules.check_step(1, dt.date(2024, 1, 1), facts({1: dt.date(2024, 1, 1)}))
    )


def test_the_stage_follows_the_steps_that_change_it():
    assert rules.stage_of({}) == rules.Stage.APPLICANT
    assert rules.stage_of(upto(3, dt.date(2024, 1, 1))) == rules.Stage.ACTIVIST
    assert rules.stage_of(upto(7, dt.date(2024, 1, 1))) == rules.Stage.TARGET
    assert rules.stage_of(upto(15, dt.date(2024, 1, 1))) == rules.Stage.PROBATIONARY
    assert rules.stage_of(upto(25, dt.date(2024, 1, 1))) == rules.Stage.FULL


def test_the_next_step_carries_its_window_and_source():
    step = rules.next_step({1: dt.date(2024, 3, 10)})
    assert (step.number, step.latest, step.source) == (2, dt.date(2024, 4, 10), "细则 Art. 6")
    step = rules.next_step(upto(6, dt.date(2024, 3, 10)))
    assert (step.number, step.earliest, step.latest) == (7, dt.date(2025, 3, 10), None)
    step = rules.next_step(upto(22, dt.date(2024, 3, 10)))
    assert (step.number, step.earliest) == (23, dt.date(2025, 3, 10))
    assert step.latest == dt.date(2025, 4, 10) and not step.hard
    assert rules.next_step(upto(25, dt.date(2024, 3, 10))) is None


def test_every_one_of_the_25_steps_is_in_one_of_the_five_stages():
    assert [s.number for s in rules.STEPS] == list(range(1, 26))
    assert {s.stage for s in rules.STEPS} == set(rules.Stage.values)


# --- Hypothesis: the date arithmetic ---------------------------------------------------------


@given(dates_strategy)
def test_the_talk_deadline_is_one_month_later_never_earlier_than_28_days(applied):
    deadline = rules.talk_deadline(applied)
    assert 28 <= (deadline - applied).days <= 31
    assert rules.check_step(2, deadline, facts({1: applied})) == []
    assert rules.check_step(2, deadline + DAY, facts({1: applied}))


@given(dates_strategy)
def test_the_activist_year_is_365_or_366_days(activist):
    earliest = rules.target_earliest(activist)
    assert 365 <= (earliest - activist).days <= 366
    dates = upto(6, activist)
    assert rules.check_step(7, earliest - DAY, facts(dates))
    assert rules.check_step(7, earliest, facts(dates)) == []


@given(dates_strategy)
def test_approval_deadlines_are_ordered_three_then_six_months(resolution):
    three, six = rules.approval_deadline(resolution), rules.approval_hard_limit(resolution)
    assert resolution < three < six
    assert 89 <= (three - resolution).days <= 92
    assert 181 <= (six - resolution).days <= 184


@given(dates_strategy, st.integers(min_value=6, max_value=12))
def test_probation_with_an_extension_ends_the_extension_after_the_year(admitted, months):
    year_end = rules.probation_end(admitted)
    assert year_end == add_months(admitted, 12)
    extended = rules.probation_end(admitted, months)
    assert year_end < extended <= add_months(year_end, months) + dt.timedelta(days=3)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2070, 12, 31)))
def test_the_age_limit_flips_on_the_eighteenth_birthday(birth):
    from branchwork.members.rules import years_after

    eighteen = years_after(birth, 18)
    assert not rules.age_ok(birth, eighteen - DAY)
    assert rules.age_ok(birth, eighteen)
