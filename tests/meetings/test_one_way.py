"""One way to do each thing in meetings: every write leaves an activity line naming its actor,
the list page, the API and the export share one filter, the calendar-feed token stays out of
the log, and year checks use the one range."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from branchwork.core.audit import system_actor
from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.levels import Level
from branchwork.core.models import AuditEvent
from branchwork.meetings import rules, services
from branchwork.meetings.models import CalendarFeed, Meeting
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

pytestmark = pytest.mark.django_db

ACTOR = system_actor("test: meetings services")


def _highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def _held_general_meeting() -> Meeting:
    meeting = services.meeting_save(
        actor=ACTOR,
        organization=_highway(),
        data={"kind": "general_meeting", "state": "held", "date": dt.date(2026, 11, 20)},
    )
    services.attendance_fill(actor=ACTOR, meeting=meeting)
    return meeting


def _meeting_save() -> tuple[str, int]:
    return "meetings.meeting", _held_general_meeting().pk


def _attendance_fill() -> tuple[str, int]:
    meeting = services.meeting_save(
        actor=ACTOR,
        organization=_highway(),
        data={"kind": "party_day", "state": "held", "date": dt.date(2026, 11, 15)},
    )
    services.attendance_fill(actor=ACTOR, meeting=meeting)
    return "meetings.attendance", meeting.attendance.first().pk


def _attendance_set() -> tuple[str, int]:
    meeting = _held_general_meeting()
    row = meeting.attendance.first()
    services.attendance_set(actor=ACTOR, meeting=meeting, marks={row.member_id: ("absent", "")})
    return "meetings.attendance", row.pk


def _vote_record() -> tuple[str, int]:
    vote = services.vote_record(
        actor=ACTOR, meeting=_held_general_meeting(), kind="motion", subject="计划", votes_for=20
    )
    return "meetings.vote", vote.pk


def _appraisal_record() -> tuple[str, int]:
    org = _highway()
    member = Member.objects.filter(organization=org, category="full").first()
    services.appraisal_record(
        actor=ACTOR, organization=org, year=2026, grades={member.pk: "qualified"}
    )
    return "meetings.appraisal", member.appraisals.get(year=2026).pk


def _attachment_add() -> tuple[str, int]:
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    attachment = services.attachment_add(
        actor=ACTOR, meeting=_held_general_meeting(), upload=upload
    )
    return "meetings.attachment", attachment.pk


def _plan_year() -> tuple[str, int]:
    services.plan_year(actor=ACTOR, organization=_highway(), year=2027)
    return "meetings.meeting", Meeting.objects.filter(date__year=2027).first().pk


@pytest.mark.parametrize(
    "write",
    [
        _meeting_save,
        _attendance_fill,
        _attendance_set,
        _vote_record,
        _appraisal_record,
        _attachment_add,
        _plan_year,
    ],
)
def test_every_service_write_leaves_an_activity_line_naming_the_actor(write):
    model, pk = write()
    event = AuditEvent.objects.filter(model=model, object_id=str(pk)).latest("id")
    assert event.actor_name == ACTOR.name


@pytest.mark.parametrize("model", [Meeting, None])
def test_bulk_loads_leave_one_summary_line(model):
    org = _highway()
    if model is Meeting:
        rows = [
            Meeting(organization=org, kind="party_day", state="planned", date=dt.date(2030, m, 15))
            for m in range(1, 4)
        ]
        count = services.records_load(actor=ACTOR, organization=org, rows=rows)
        label = "meetings.meeting"
    else:
        from branchwork.meetings.models import Attendance

        meeting = services.meeting_save(
            actor=ACTOR,
            organization=org,
            data={"kind": "party_day", "state": "held", "date": dt.date(2026, 11, 15)},
        )
        members = Member.objects.filter(organization=org)[:3]
        rows = [Attendance(meeting=meeting, member=m) for m in members]
        count = services.records_load(actor=ACTOR, organization=org, rows=rows)
        label = "meetings.attendance"
    lines = AuditEvent.objects.filter(model=label, actor_name=ACTOR.name)
    assert count == 3 and [e.kind for e in lines] == ["bulk"]
    line = lines.get()
    assert line.changes == {"count": [None, 3]}
    assert line.org_path == org.path


def test_calendar_feed_rotation_is_audited_without_the_token(as_persona, user_named):
    client = as_persona("member")
    client.post("/meetings/feed/")
    first = CalendarFeed.objects.get(user__username=user_named("member").username)
    client.post("/meetings/feed/")
    second = CalendarFeed.objects.get(user=first.user)
    assert second.token != first.token
    lines = AuditEvent.objects.filter(model="meetings.calendarfeed").order_by("id")
    assert [e.kind for e in lines] == ["create", "delete", "create"]
    assert all(e.actor_name == first.user.username for e in lines)
    for event in lines:
        assert first.token not in str(event.changes) and second.token not in str(event.changes)
        assert "token" not in event.changes
    assert client.get(f"/meetings/ical/{first.token}.ics").status_code == 404
    assert client.get(f"/meetings/ical/{second.token}.ics").status_code == 200


def test_export_page_and_api_share_one_filter(as_persona):
    from openpyxl import load_workbook

    client = as_persona("secretary")
    response = client.get("/meetings/export.xlsx?org=tr-highway&year=2019&kind=lecture")
    rows = list(load_workbook(io.BytesIO(response.content))["Meetings 2019"].values)[1:]
    assert len(rows) == 4 and {r[2] for r in rows} == {"Party lecture"}
    held = client.get("/meetings/export.xlsx?org=tr-highway&year=2019&state=planned").content
    assert len(list(load_workbook(io.BytesIO(held))["Meetings 2019"].values)) == 1
    page = client.get("/meetings/?org=tr-highway&year=2019&kind=lecture").text
    assert "kind=lecture" in page  # the export link carries the filters
    # An unknown kind is ignored on the page (as before), refused by the API.
    assert client.get("/meetings/?org=tr-highway&year=2019&kind=nonsense").status_code == 200
    api = client.get("/api/meetings?org=tr-highway&year=2019&kind=lecture").json()
    assert api["count"] == 4 and {m["kind"] for m in api["items"]} == {"lecture"}
    assert client.get("/api/meetings?org=tr-highway&kind=nonsense").status_code == 422


def test_years_use_the_one_range(as_persona):
    client = as_persona("secretary")
    assert client.get(f"/api/meetings/compliance/tr-highway/{YEAR_MIN - 1}").status_code == 422
    assert client.get(f"/api/meetings/compliance/tr-highway/{YEAR_MAX}").status_code == 200
    with pytest.raises(CommandError, match=f"between {YEAR_MIN} and {YEAR_MAX}"):
        call_command("compliance", "--org", "tr-highway", "--year", str(YEAR_MIN - 1))
    response = client.post("/meetings/plan/?org=tr-highway", {"year": YEAR_MAX + 1}, follow=True)
    assert f"between {YEAR_MIN} and {YEAR_MAX}" in response.text


def test_rules_hold_the_numbers():
    assert rules.absence_flag(dt.date(2019, 1, 10), dt.date(2019, 12, 2)).level is Level.CASE
    assert rules.absence_flag(dt.date(2019, 7, 10), dt.date(2019, 12, 2)).level is Level.WARNING
    assert "stopped" not in rules.VOTING_STATUSES
    period = rules.periods(2027, "quarterly")[2]
    assert rules.default_date(period, "quarterly") == dt.date(2027, 8, 20)
    since, until = rules.ical_window(dt.date(2026, 11, 30))
    assert since == dt.date(2025, 11, 30) and until > dt.date(2027, 12, 31)
