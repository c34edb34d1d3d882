"""Meetings in the database: recording, attendance, votes, appraisal, attachments, roll-up,
plans, exports, the calendar feed and the CLI."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.core.scoping import user_grants
from branchwork.meetings import selectors, services
from branchwork.meetings.models import Appraisal, Attendance, CalendarFeed, Meeting, Vote
from branchwork.members.models import Member
from branchwork.organizations import services as org_services
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def new_general_meeting(date=dt.date(2026, 11, 20)) -> Meeting:
    meeting = services.meeting_save(
        actor=TEST_ACTOR,
        organization=highway(),
        data={"kind": "general_meeting", "state": "held", "date": date, "topic": "测试"},
    )
    services.attendance_fill(actor=TEST_ACTOR, meeting=meeting)
    return meeting


def test_demo_votes_one_passes_one_fails():
    passed = Vote.objects.get(kind="admission", meeting__date=dt.date(2019, 5, 20))
    assert passed.passed
    assert passed.explanation.startswith("Passed:") and "in writing" in passed.explanation
    failed = Vote.objects.get(kind="motion")
    assert not failed.passed and failed.quorum
    assert failed.explanation.startswith("Not passed:")


def test_expected_attendees_come_from_the_roster_on_the_date():
    meeting = new_general_meeting()
    expected = set(meeting.attendance.values_list("member__name", flat=True))
    assert len(expected) == 23
    early = new_general_meeting(dt.date(2015, 7, 15))
    names = set(early.attendance.values_list("member__name", flat=True))
    assert "周敏" in names  # admitted 2015-06-30
    assert "冯雪" not in names and "彭晓东" not in names  # admitted 2017 and 2019


def test_group_and_committee_meetings_expect_their_own_people():
    group = Organization.objects.get(code="tr-highway-g3")
    meeting = services.meeting_save(
        actor=TEST_ACTOR,
        organization=group,
        data={"kind": "group_meeting", "state": "held", "date": dt.date(2026, 11, 12)},
    )
    services.attendance_fill(actor=TEST_ACTOR, meeting=meeting)
    assert meeting.attendance.count() == Member.objects.filter(party_group=group).count() == 7
    committee = services.meeting_save(
        actor=TEST_ACTOR,
        organization=highway(),
        data={"kind": "committee_meeting", "state": "held", "date": dt.date(2026, 11, 8)},
    )
    services.attendance_fill(actor=TEST_ACTOR, meeting=committee)
    assert set(committee.attendance.values_list("member__name", flat=True)) == {
        "张伟",
        "李娜",
        "赵磊",
        "刘洋",
        "陈静",
    }


def test_kind_must_fit_the_organization():
    group = Organization.objects.get(code="tr-highway-g1")
    with pytest.raises(ValidationError, match="party group holds party group meetings"):
        services.meeting_save(
            actor=TEST_ACTOR,
            organization=group,
            data={"kind": "general_meeting", "state": "held", "date": dt.date(2026, 1, 1)},
        )
    with pytest.raises(ValidationError, match="held by a party group"):
        services.meeting_save(
            actor=TEST_ACTOR,
            organization=highway(),
            data={"kind": "group_meeting", "state": "held", "date": dt.date(2026, 1, 1)},
        )
    with pytest.raises(ValidationError, match="lecturer and the title"):
        services.meeting_save(
            actor=TEST_ACTOR,
            organization=highway(),
            data={"kind": "lecture", "state": "held", "date": dt.date(2026, 1, 1)},
        )


def test_vote_uses_the_roll_and_attendance_and_refuses_without_quorum():
    meeting = new_general_meeting()
    entitled, present = selectors.vote_counts(meeting)
    assert (entitled, present) == (22, 22)  # 22 full members; the probationary one has no vote
    # Twelve of the 22 away: 10 present is no quorum.
    away = list(meeting.attendance.filter(member__category="full")[:12])
    services.attendance_set(
        actor=TEST_ACTOR, meeting=meeting, marks={a.member_id: ("leave", "出差") for a in away}
    )
    with pytest.raises(
        ValidationError, match="No quorum: 10 of 22 entitled present, more than 11 needed"
    ):
        services.vote_record(
            actor=TEST_ACTOR, meeting=meeting, kind="motion", subject="x", votes_for=10
        )
    assert not Vote.objects.filter(meeting=meeting).exists()


def test_member_under_disciplinary_probation_has_no_vote():
    meeting = new_general_meeting()
    member = Member.objects.get(name="郑杰")
    Member.objects.filter(pk=member.pk).update(disciplinary_probation_until=dt.date(2027, 6, 30))
    entitled, present = selectors.vote_counts(meeting)
    assert (entitled, present) == (21, 21)
    vote = services.vote_record(
        actor=TEST_ACTOR, meeting=meeting, kind="motion", subject="x", votes_for=11
    )
    assert vote.passed and vote.explanation == "Passed: 11 for, 21 entitled, more than 10.5 needed."


def test_votes_only_at_general_meetings_and_written_opinions_only_for_admissions():
    meeting = new_general_meeting()
    with pytest.raises(ValidationError, match="Written opinions count only"):
        services.vote_record(
            actor=TEST_ACTOR,
            meeting=meeting,
            kind="motion",
            subject="x",
            votes_for=11,
            written_for=1,
        )
    party_day = services.meeting_save(
        actor=TEST_ACTOR,
        organization=highway(),
        data={"kind": "party_day", "state": "held", "date": dt.date(2026, 11, 15)},
    )
    with pytest.raises(ValidationError, match="branch general meeting"):
        services.vote_record(
            actor=TEST_ACTOR, meeting=party_day, kind="motion", subject="x", votes_for=11
        )
    linked = services.meeting_save(
        actor=TEST_ACTOR,
        organization=highway(),
        data={
            "kind": "party_day",
            "also_counts_as": "general_meeting",
            "state": "held",
            "date": dt.date(2026, 11, 16),
        },
    )
    services.attendance_fill(actor=TEST_ACTOR, meeting=linked)
    assert services.vote_record(
        actor=TEST_ACTOR, meeting=linked, kind="election", subject="x", votes_for=12
    ).passed


def test_leave_needs_a_reason():
    meeting = new_general_meeting()
    row = meeting.attendance.first()
    with pytest.raises(ValidationError, match="give the reason"):
        services.attendance_set(
            actor=TEST_ACTOR, meeting=meeting, marks={row.member_id: ("leave", " ")}
        )


def test_appraisal_grades_and_warnings():
    org = highway()
    members = list(Member.objects.filter(organization=org, category="full").order_by("pk"))
    grades = {m.pk: ("excellent" if i < 8 else "qualified") for i, m in enumerate(members)}
    warnings = services.appraisal_record(
        actor=TEST_ACTOR, organization=org, year=2026, grades=grades
    )
    assert warnings == [
        "8 of 22 graded excellent: excellent is normally at most one third (at most 7 here)."
    ]
    assert Appraisal.objects.filter(year=2026).count() == 22
    probationary = Member.objects.get(category="probationary")
    with pytest.raises(ValidationError, match="probationary members are not graded"):
        services.appraisal_record(
            actor=TEST_ACTOR, organization=org, year=2026, grades={probationary.pk: "qualified"}
        )


PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def test_attachments_are_type_and_size_checked(settings):
    meeting = new_general_meeting()
    ok = services.attachment_add(
        actor=TEST_ACTOR, meeting=meeting, upload=SimpleUploadedFile("会场.png", PNG)
    )
    assert ok.content_type == "image/png" and ok.size == len(PNG)
    with pytest.raises(ValidationError, match="photos"):
        services.attachment_add(
            actor=TEST_ACTOR, meeting=meeting, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(ValidationError, match="does not match its name"):
        services.attachment_add(
            actor=TEST_ACTOR, meeting=meeting, upload=SimpleUploadedFile("x.pdf", b"not a pdf")
        )
    settings.ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.attachment_add(
            actor=TEST_ACTOR,
            meeting=meeting,
            upload=SimpleUploadedFile("big.png", PNG + b"0" * 1024 * 1024),
        )


def test_compliance_of_the_demo_years(user_named):
    admin = user_named("admin")
    rollup = {
        e.org.code: {v.kind: v for v in e.verdicts}
        for e in selectors.compliance_rollup(
            user=admin, organization=highway(), year=2018, today=dt.date(2026, 11, 26)
        )
    }
    assert rollup["tr-highway"]["general_meeting"].status == "missed"
    assert rollup["tr-highway"]["general_meeting"].missed_periods == ("2018 Q3",)
    assert rollup["tr-highway"]["party_day"].status == "met"
    assert rollup["tr-highway-g3"]["group_meeting"].status == "met"
    rollup19 = {
        e.org.code: {v.kind: v for v in e.verdicts}
        for e in selectors.compliance_rollup(
            user=admin, organization=highway(), year=2019, today=dt.date(2026, 11, 26)
        )
    }
    assert rollup19["tr-highway"]["committee_meeting"].missed_periods == ("2019-08",)
    assert rollup19["tr-highway-g3"]["group_meeting"].missed_periods == ("2019-02",)
    assert rollup19["tr-highway"]["general_meeting"].status == "met"


def test_rollup_over_500_branches_uses_a_fixed_number_of_queries(user_named):
    admin = user_named("admin")
    organs = Organization.objects.get(code="tr-organs")
    for i in range(500):
        org_services.organization_create(
            actor=TEST_ACTOR, parent=organs, code=f"bench-{i}", name=f"支部{i}", org_type="branch"
        )
    user_grants(admin)  # the access check reads the grants once per request, before this
    with CaptureQueriesContext(connection) as queries:
        rollup = selectors.compliance_rollup(
            user=admin, organization=organs, year=2019, today=dt.date(2026, 11, 26)
        )
    assert len(rollup) >= 500 + 12
    assert len(queries.captured_queries) == 5


def test_plan_year_is_idempotent_and_skips_periods_already_held():
    org = highway()
    created = services.plan_year(actor=TEST_ACTOR, organization=org, year=2027)
    # Branch: 4 general + 12 committee + 4 lectures + 12 party days + 1 + 1 + 3 talk pairs;
    # 3 groups x 12 group meetings.
    assert created == 4 + 12 + 4 + 12 + 1 + 1 + 3 + 36
    assert services.plan_year(actor=TEST_ACTOR, organization=org, year=2027) == 0
    # 2019 had two gaps: the committee in August and party group 3 in February.
    assert services.plan_year(actor=TEST_ACTOR, organization=org, year=2019) == 2


def test_minutes_docx_and_year_excel(as_persona):
    from docx import Document
    from openpyxl import load_workbook

    meeting = Meeting.objects.get(
        organization__code="tr-highway", kind="general_meeting", date=dt.date(2019, 5, 20)
    )
    client = as_persona("secretary")
    response = client.get(f"/meetings/{meeting.pk}/minutes.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "接收彭晓东同志为中共预备党员: Passed:" in text
    table = Document(io.BytesIO(response.content)).tables[0]
    assert table.cell(0, 0).text == "Time" and table.cell(0, 1).text.startswith("20 May 2019")
    book = load_workbook(
        io.BytesIO(client.get("/meetings/export.xlsx?org=tr-highway&year=2019").content)
    )
    assert book.sheetnames == ["Meetings 2019", "Compliance 2019"]
    rows = list(book["Compliance 2019"].iter_rows(values_only=True))
    assert rows[2][:6] == (
        "中共铜仁市公路管理局支部委员会",
        "tr-highway",
        "Branch committee meeting",
        12,
        11,
        "missed",
    )


def test_calendar_feed_lists_the_members_meetings(as_persona, client):
    as_persona("member").post("/meetings/feed/")
    feed = CalendarFeed.objects.get(user__username="member")
    services.plan_year(actor=TEST_ACTOR, organization=highway(), year=2026)
    body = client.get(f"/meetings/ical/{feed.token}.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Party group meeting" in body and "SUMMARY:Branch committee meeting" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get("/meetings/ical/wrong-token.ics").status_code == 404


def test_cli_compliance_json(capsys):
    call_command("compliance", "--org", "tr-highway", "--year", "2019", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(r)) for r in rows} == {
        ("held", "org", "reason", "required", "rule", "status")
    }
    by_key = {(r["org"], r["rule"]): r for r in rows}
    assert by_key[("tr-highway", "committee_meeting")]["status"] == "missed"
    assert by_key[("tr-highway-g1", "general_meeting")]["status"] == "not_applicable"
    assert by_key[("tr-highway", "general_meeting")] == {
        "org": "tr-highway",
        "rule": "general_meeting",
        "required": 4,
        "held": 4,
        "status": "met",
        "reason": "Met: Branch general meeting is required quarterly (支部条例 Art. 11); 4 held in 2019.",
    }


def test_attendance_report_flags_long_absence(user_named):
    org = highway()
    member = Member.objects.get(name="郑杰")
    # Mark 郑杰 absent without leave at every meeting since 2019-06.
    Attendance.objects.filter(member=member, meeting__date__gte=dt.date(2019, 6, 1)).update(
        presence="absent"
    )
    report = {
        r.member.name: r
        for r in selectors.attendance_report(
            user=user_named("secretary"), organization=org, year=2019, today=dt.date(2019, 12, 2)
        )
    }
    flag = report["郑杰"].flag
    assert flag is not None and flag.level == "case" and flag.months == 6
    assert report["张伟"].flag is None
    assert 0 < report["张伟"].rate <= 100


def test_unknown_grades_and_future_held_meetings_are_refused():
    org = highway()
    member = Member.objects.filter(organization=org, category="full").first()
    with pytest.raises(ValidationError, match="Unknown grade: superb"):
        services.appraisal_record(
            actor=TEST_ACTOR, organization=org, year=2026, grades={member.pk: "superb"}
        )
    with pytest.raises(ValidationError, match="can be planned, not recorded as held"):
        services.meeting_save(
            actor=TEST_ACTOR,
            organization=org,
            data={"kind": "party_day", "state": "held", "date": dt.date(2099, 1, 15)},
        )


def test_an_imported_roster_is_not_absent_before_the_first_meeting(user_named):
    from branchwork.members.forms import MemberForm
    from branchwork.members.services import member_create
    from tests.members.helpers import member_data

    transport = Organization.objects.get(code="tr-transport")
    form = MemberForm(member_data(serial=77), organization=transport)
    assert form.is_valid(), form.errors
    member_create(actor=TEST_ACTOR, organization=transport, data=form.cleaned_data)
    report = selectors.attendance_report(
        user=user_named("admin"), organization=transport, year=2026, today=dt.date(2026, 11, 26)
    )
    assert report and all(r.flag is None for r in report)


def test_the_feed_parses_back_with_a_timezone_and_the_right_hour(as_persona, client):
    import icalendar

    from branchwork.meetings.models import Meeting

    as_persona("member").post("/meetings/feed/")
    feed = CalendarFeed.objects.get(user__username="member")
    services.plan_year(actor=TEST_ACTOR, organization=highway(), year=2026)
    meeting = (
        Meeting.objects.filter(organization__code="tr-highway", date__year=2026)
        .exclude(kind="committee_meeting")
        .first()
    )
    meeting.start_time = dt.time(14, 30)
    meeting.place = "党员活动室\x0b二楼"  # pasted from Word
    meeting.save()
    body = client.get(f"/meetings/ical/{feed.token}.ics").content
    calendar = icalendar.Calendar.from_ical(body)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event = next(
        e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"meeting-{meeting.pk}@")
    )
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert (start.date(), start.hour, start.minute) == (meeting.date, 14, 30)
    assert str(event["LOCATION"]) == "党员活动室\n二楼"


def test_chinese_minutes_use_official_fonts_and_chinese_dates(as_persona):
    import zipfile

    from docx import Document

    meeting = Meeting.objects.filter(
        organization__code="tr-highway", kind="general_meeting", state="held"
    ).first()
    Meeting.objects.filter(pk=meeting.pk).update(minutes="第一项\x0b第二项\x07")
    client = as_persona("secretary")
    client.cookies["django_language"] = "zh-hans"
    response = client.get(f"/meetings/{meeting.pk}/minutes.docx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    document = Document(io.BytesIO(data))
    assert (
        document.tables[0]
        .cell(0, 1)
        .text.startswith(f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日")
    )
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:eastAsia="仿宋"' in styles and 'w:val="zh-CN"' in styles
    assert any("第一项\n第二项" in p.text for p in document.paragraphs)
