"""The study rules at their boundaries: the hours owed (32 / 56), who needs a centralised
training, hour conversion, proration for new members, and the progress verdict on the day
before, the day of and the day after each boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.study import rules
from branchwork.study.rules import Form, Status, Unit

D = dt.date


def requirement(**kw):
    base = {
        "year": 2026,
        "admitted_on": D(2005, 7, 1),
        "converted_on": D(2006, 7, 1),
        "category": "full",
        "leader": False,
    }
    return rules.yearly_requirement(**{**base, **kw})


# --- Hours owed -------------------------------------------------------------------------------


def test_a_member_owes_32_hours_and_no_centralised_training():
    r = requirement()
    assert (r.hours, r.full_hours, r.centralised) == (32, 32, False)
    assert r.sources == (rules.SRC_HOURS,)


def test_a_secretary_or_committee_member_owes_56_hours_and_a_centralised_training():
    r = requirement(leader=True)
    assert (r.hours, r.centralised, r.centralised_because) == (56, True, ("leader",))
    assert rules.SRC_CENTRALISED in r.sources


def test_a_probationary_member_needs_a_centralised_training():
    r = requirement(admitted_on=D(2025, 6, 1), converted_on=None, category="probationary")
    assert r.centralised_because == ("probationary",)
    assert r.hours == 32  # admitted the year before: the whole year's hours


def test_the_centralised_training_for_new_members_is_a_setting():
    r = requirement(
        admitted_on=D(2025, 6, 1),
        converted_on=None,
        category="probationary",
        centralised_for=frozenset({"leader"}),
    )
    assert r.centralised is False


@pytest.mark.parametrize(
    ("converted_on", "first_year"),
    [
        (D(2025, 1, 1), False),  # the first year ended on 2025-12-31
        (D(2025, 1, 2), True),  # it ends on 2026-01-01: a day of 2026
        (D(2025, 1, 3), True),
        (D(2026, 12, 31), True),
        (D(2027, 1, 1), False),  # converted after the year
        (D(2024, 2, 29), False),
    ],
)
def test_first_year_as_full_member_at_its_boundary(converted_on, first_year):
    assert rules.first_full_year_overlaps(converted_on, 2026) is first_year
    r = requirement(admitted_on=D(2020, 1, 1), converted_on=converted_on)
    assert ("first_year" in r.centralised_because) is first_year


def test_first_year_of_a_member_converted_on_29_february_ends_on_28_february():
    assert rules.first_full_year_overlaps(D(2024, 2, 29), 2025) is True


@pytest.mark.parametrize(
    ("converted_on", "probationary"),
    [
        (D(2025, 12, 31), False),  # full from 2025-12-31: not probationary in 2026
        (D(2026, 1, 1), False),  # converted on the first day: no day of probation in 2026
        (D(2026, 1, 2), True),  # probationary on 2026-01-01
    ],
)
def test_probation_during_the_year_at_its_boundary(converted_on, probationary):
    assert rules.probationary_during(D(2025, 1, 1), converted_on, "full", 2026) is probationary


def test_a_member_admitted_after_the_year_was_not_probationary_in_it():
    assert rules.probationary_during(D(2027, 1, 1), None, "probationary", 2026) is False


@pytest.mark.parametrize(
    ("admitted_on", "hours"),
    [
        (D(2025, 12, 31), 32),  # admitted the year before: whole year
        (D(2026, 1, 1), 30),  # 11 whole months left: 32 × 11 / 12 = 29.3 → 30
        (D(2026, 1, 31), 30),
        (D(2026, 2, 1), 27),  # 10 months: 26.7 → 27
        (D(2026, 11, 30), 3),  # December only: 2.7 → 3
        (D(2026, 12, 1), 0),  # no whole month left
        (D(2026, 12, 31), 0),
        (D(2027, 1, 1), 0),  # not yet a member
    ],
)
def test_a_new_member_owes_the_hours_of_the_whole_months_left(admitted_on, hours):
    r = requirement(admitted_on=admitted_on, converted_on=None, category="probationary")
    assert r.hours == hours


def test_without_proration_a_new_member_owes_the_whole_year():
    r = requirement(
        admitted_on=D(2026, 11, 30), converted_on=None, category="probationary", prorate=False
    )
    assert r.hours == 32


@given(
    leader=st.booleans(),
    admitted=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    year=st.integers(min_value=2000, max_value=2030),
)
def test_the_hours_owed_never_exceed_the_full_year_and_grow_with_membership(leader, admitted, year):
    r = requirement(
        year=year, admitted_on=admitted, converted_on=None, category="probationary", leader=leader
    )
    full = 56 if leader else 32
    assert 0 <= r.hours <= full
    if admitted.year < year:
        assert r.hours == full
    earlier = requirement(
        year=year,
        admitted_on=admitted - dt.timedelta(days=31),
        converted_on=None,
        category="probationary",
        leader=leader,
    )
    assert earlier.hours >= r.hours


@given(
    converted=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    year=st.integers(min_value=2000, max_value=2031),
)
def test_the_first_full_year_overlaps_one_or_two_calendar_years(converted, year):
    overlapping = [y for y in range(1999, 2033) if rules.first_full_year_overlaps(converted, y)]
    expected = (
        [converted.year]
        if (converted.month, converted.day) == (1, 1)
        else [
            converted.year,
            converted.year + 1,
        ]
    )
    assert overlapping == expected


# --- Hour conversion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "unit", "hours"),
    [
        (1, Unit.CLASS_HOUR, 1),
        ("1.5", Unit.CLASS_HOUR, Decimal("1.5")),
        (1, Unit.HALF_DAY, 4),
        (1, Unit.DAY, 8),
        (3, Unit.DAY, 24),  # the short training of development targets: 3 days = 24 class hours
        (0, Unit.DAY, 0),
    ],
)
def test_hours_convert_by_unit(quantity, unit, hours):
    assert rules.to_hours(quantity, unit) == hours


def test_an_unknown_unit_or_a_negative_quantity_is_refused():
    with pytest.raises(ValueError):
        rules.to_hours(1, "week")
    with pytest.raises(ValueError):
        rules.to_hours(-1, Unit.DAY)


def test_the_conversion_table_is_a_setting():
    assert rules.to_hours(1, Unit.DAY, {Unit.DAY: Decimal(6)}) == 6


@given(
    quantity=st.decimals(min_value=0, max_value=100, places=1), unit=st.sampled_from(Unit.values)
)
def test_conversion_is_linear(quantity, unit):
    assert rules.to_hours(quantity * 2, unit) == 2 * rules.to_hours(quantity, unit)


@pytest.mark.parametrize(
    ("hours", "ok"),
    [
        (Decimal(0), False),
        (Decimal("0.5"), True),
        (Decimal("1.2"), False),
        (Decimal(200), True),
        (Decimal("200.5"), False),
    ],
)
def test_one_record_holds_half_hours_up_to_200(hours, ok):
    assert (rules.hours_error(hours) == "") is ok


# --- Progress verdict --------------------------------------------------------------------------


def assess(done, *, today, centralised_done=False, leader=False, warn_from_month=10):
    return rules.assess(
        requirement(leader=leader),
        done=Decimal(done),
        centralised_done=centralised_done,
        year=2026,
        today=today,
        warn_from_month=warn_from_month,
    )


@pytest.mark.parametrize(
    ("today", "status", "warn"),
    [
        (D(2026, 9, 30), Status.IN_PROGRESS, False),  # the day before the last quarter
        (D(2026, 10, 1), Status.BEHIND, True),  # the first day of the last quarter
        (D(2026, 10, 2), Status.BEHIND, True),
        (D(2026, 12, 31), Status.BEHIND, True),  # the last day of the year
        (D(2027, 1, 1), Status.NOT_MET, True),  # the year is over
    ],
)
def test_members_behind_are_warned_from_the_last_quarter(today, status, warn):
    p = assess(10, today=today)
    assert (p.status, p.warn) == (status, warn)
    assert "22 of 32 hours" in p.reason or "10 of 32" in p.reason


def test_the_warning_month_is_a_setting():
    assert assess(10, today=D(2026, 9, 1), warn_from_month=9).status == Status.BEHIND


@pytest.mark.parametrize(
    ("done", "status"),
    [
        ("31.5", Status.BEHIND),  # half an hour short
        ("32", Status.MET),  # exactly the requirement
        ("32.5", Status.MET),
    ],
)
def test_the_requirement_is_met_at_exactly_32_hours(done, status):
    assert assess(done, today=D(2026, 11, 30)).status == status


def test_a_committee_member_with_the_hours_but_no_centralised_training_has_not_met_it():
    p = assess(60, today=D(2026, 11, 30), leader=True)
    assert p.status == Status.BEHIND
    assert p.missing == ["a centralised training by a higher organization"]
    assert assess(60, today=D(2026, 11, 30), leader=True, centralised_done=True).status == "met"


@pytest.mark.parametrize(
    ("done", "status"),
    [("7.9", Status.IN_PROGRESS), ("8", Status.ON_TRACK)],  # March: 32 × 3 / 12 = 8
)
def test_before_the_last_quarter_a_member_is_on_track_at_an_even_pace(done, status):
    assert assess(done, today=D(2026, 3, 15)).status == status


def test_the_percent_is_capped_at_100():
    assert assess(64, today=D(2026, 3, 1)).percent == 100
    assert assess(16, today=D(2026, 3, 1)).percent == 50


@given(
    done=st.decimals(min_value=0, max_value=100, places=1),
    today=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)),
    centralised=st.booleans(),
    leader=st.booleans(),
)
def test_a_verdict_is_met_exactly_when_nothing_is_missing_and_warns_only_late(
    done, today, centralised, leader
):
    p = assess(done, today=today, centralised_done=centralised, leader=leader)
    enough = done >= (56 if leader else 32) and (centralised or not leader)
    assert (p.status == Status.MET) is enough
    assert (p.missing == []) is enough
    if p.warn:
        assert today >= D(2026, 10, 1)
    if enough:
        assert p.warn is False
    assert p.status_label


def test_every_form_of_the_issue_is_a_choice():
    assert set(Form.values) == {"collective", "online", "self_study", "course", "centralised"}


def test_the_settings_reach_the_rules(settings):
    from branchwork.study.selectors import study_settings

    settings.STUDY_CENTRALISED_FOR = ["leader"]
    settings.STUDY_UNIT_HOURS = {"class_hour": 1, "half_day": 3, "day": 6}
    settings.STUDY_WARN_FROM_MONTH = 11
    conf = study_settings()
    assert conf.centralised_for == frozenset({"leader"})
    assert rules.to_hours(1, Unit.DAY, conf.unit_hours) == 6
    assert conf.warn_from_month == 11
