"""The demo lives in the present (issue 11 section 1): loaded as of a date, its story runs up to
the month before, and the secretary's home page shows a handful of real alerts."""

from __future__ import annotations

import datetime as dt

import pytest

from branchwork.demo import data
from branchwork.demo.dues import _spans
from branchwork.demo.meetings import _dated, _schedule
from branchwork.meetings.models import Meeting
from branchwork.members.models import Member
from tests.conftest import DEMO_AS_OF


@pytest.fixture
def on_demo_day(monkeypatch):
    """The clock says the demo's load date."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DEMO_AS_OF)
    return DEMO_AS_OF


@pytest.mark.django_db
def test_the_secretary_home_shows_exactly_the_intended_alerts(as_persona, on_demo_day):
    context = as_persona("secretary").get("/", {"org": "tr-highway"}).context
    # One meeting due this month: November's themed party day, planned for the 30th.
    assert [(org.code, v.kind) for org, v in context["due_meetings"]] == [
        ("tr-highway", "party_day")
    ]
    # 石磊 missed every meeting since August without leave: the three-month warning.
    [absent] = context["absence_flags"]
    assert (absent.member.name, absent.flag.months, absent.flag.level) == ("石磊", 3, "warning")
    # Dues: 郑杰 still owes November and December 2019; 彭晓东 has not paid October yet.
    arrears = {a.member.name: a.unpaid_months for a in context["dues_arrears"]}
    assert arrears == {
        "郑杰": [dt.date(2019, 11, 1), dt.date(2019, 12, 1)],
        "彭晓东": [dt.date(2026, 10, 1)],
    }
    # The probation of 胡小梅 ends in twenty days: the conversion is due.
    [probation] = context["probation_watch"]
    assert (probation.member.name, probation.days_left) == ("胡小梅", 20)
    assert context["pending_corrections"] == 1  # 李娜's new phone


@pytest.mark.django_db
def test_every_kind_is_held_through_last_month_with_real_attendance():
    held = Meeting.objects.filter(organization__code="tr-highway", state="held")
    for kind in ("committee_meeting", "party_day"):
        months = {(d.year, d.month) for d in held.filter(kind=kind).values_list("date", flat=True)}
        assert (2026, 10) in months and (2025, 12) in months
    assert held.filter(kind="general_meeting", date__year=2026).count() == 4
    admission = held.get(kind="general_meeting", date=dt.date(2025, 12, 20))
    assert admission.votes.get().passed  # 胡小梅 admitted
    assert held.filter(kind="appraisal", date__year=2025).exists()
    october = held.get(kind="party_day", date=dt.date(2026, 10, 15))
    marks = list(october.attendance.values_list("presence", flat=True))
    assert len(marks) == 23 and marks.count("present") >= 18
    hu = Member.objects.get(name=data.PROBATIONARY_NAME)
    assert hu.admitted_on == dt.date(2025, 12, 20)


def _story(as_of: dt.date) -> list[tuple]:
    """The meetings and payments of the years after the article, relative to ``as_of``."""
    rows = []
    for year in (as_of.year - 1, as_of.year):
        for kind, code, scheduled in _schedule(year):
            date, state = _dated(kind, scheduled, as_of)
            rows.append((kind, code, data.months_before(date, as_of), date.day, state))
    months = [dt.date(as_of.year - 1, m, 1) for m in range(1, 13)]
    months += [dt.date(as_of.year, m, 1) for m in range(1, as_of.month)]
    unpaid = {("彭晓东", dt.date(as_of.year, as_of.month - 1, 1))}
    for name in ("彭晓东", "张伟", "孙强"):
        last = months[-1]
        for first, end, paid_on in _spans(name, months, last, unpaid):
            rows.append(
                (
                    name,
                    data.months_before(first, as_of),
                    data.months_before(end, as_of),
                    paid_on.day,
                )
            )
    return sorted(rows, key=str)


def test_two_load_dates_tell_the_same_story_shifted():
    assert _story(dt.date(2026, 11, 30)) == _story(dt.date(2025, 11, 30))
    assert data.probationary_admitted_on(dt.date(2025, 11, 30)) == dt.date(2024, 12, 20)
