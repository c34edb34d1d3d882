import pytest

from branchwork.meetings.models import Attendance, Meeting, Vote

pytestmark = pytest.mark.django_db


def test_secretary_records_a_meeting_marks_attendance_and_votes(as_persona):
    client = as_persona("secretary")
    response = client.post(
        "/meetings/new/?org=tr-highway",
        {
            "kind": "general_meeting",
            "state": "held",
            "date": "2026-11-20",
            "start_time": "15:00",
            "place": "党员活动室",
            "topic": "研究年度工作",
            "host": "张伟",
            "recorder": "李娜",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(topic="研究年度工作")
    assert meeting.attendance.count() == 23
    zhou = meeting.attendance.get(member__name="周敏")
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {f"presence-{zhou.member_id}": "leave", f"reason-{zhou.member_id}": "出差"},
    )
    zhou.refresh_from_db()
    assert (zhou.presence, zhou.reason) == ("leave", "出差")
    response = client.post(
        f"/meetings/{meeting.pk}/votes/",
        {"kind": "motion", "subject": "年度计划", "votes_for": 11},
        follow=True,
    )
    assert "Not passed: 11 for, 22 entitled, more than 11 needed." in response.text
    vote = Vote.objects.get(meeting=meeting)
    assert (vote.entitled, vote.present) == (22, 21)


def test_missing_lecturer_is_shown_on_the_form(as_persona):
    response = as_persona("secretary").post(
        "/meetings/new/?org=tr-highway", {"kind": "lecture", "state": "held", "date": "2026-11-20"}
    )
    assert response.status_code == 200
    assert "A party lecture records the lecturer and the title." in response.text


def test_pages_render_for_the_demo_year(as_persona):
    client = as_persona("inspector")
    assert "2019 Q3" not in client.get("/meetings/compliance/?org=tr-highway&year=2019").text
    text = client.get("/meetings/compliance/?org=tr-organs&year=2018&sort=missed").text
    assert "none in 2018 Q3" in text
    assert client.get("/meetings/calendar/?org=tr-highway&month=2019-05").status_code == 200
    assert (
        "接收彭晓东" in client.get("/meetings/?org=tr-highway&year=2019&kind=general_meeting").text
    )
    assert client.get("/meetings/calendar/?org=tr-highway&month=2019-13").status_code == 404
    assert client.get("/meetings/?org=tr-highway&year=abc").status_code == 404


def test_home_shows_what_is_due_this_month(as_persona):
    response = as_persona("secretary").get("/")
    assert 'data-testid="due-meetings"' in response.text
    kinds = {v.kind for _org, v in response.context["due_meetings"]}
    assert "party_day" in kinds  # nothing recorded in the current month of the demo


def test_appraisal_page_saves_and_warns(as_persona):
    from branchwork.members.models import Member

    client = as_persona("secretary")
    full = list(
        Member.objects.filter(organization__code="tr-highway", category="full").order_by("pk")
    )
    data = {f"grade-{m.pk}": ("excellent" if i < 9 else "qualified") for i, m in enumerate(full)}
    response = client.post("/meetings/appraisal/?org=tr-highway&year=2026", data, follow=True)
    assert "9 of 22 graded excellent" in response.text
    member_page = client.get(f"/members/{full[0].pk}/").text
    assert "2026: <strong>Excellent</strong>" in member_page


def test_plan_button_creates_the_year(as_persona):
    response = as_persona("secretary").post(
        "/meetings/plan/?org=tr-highway", {"year": 2027}, follow=True
    )
    assert "73 meetings planned for 2027." in response.text
    assert Meeting.objects.filter(date__year=2027, state="planned").count() == 73


def test_attachment_upload_and_download(as_persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = Meeting.objects.filter(organization__code="tr-highway", state="held").first()
    client = as_persona("secretary")
    png = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"1" * 20, content_type="image/png")
    client.post(f"/meetings/{meeting.pk}/attachments/", {"file": png})
    attachment = meeting.attachments.get()
    response = as_persona("inspector").get(f"/meetings/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert as_persona("outsider").get(f"/meetings/files/{attachment.pk}/").status_code == 404


def test_attendance_page_is_member_data(as_persona):
    assert as_persona("member").get("/meetings/attendance/?org=tr-highway").status_code == 403
    response = as_persona("secretary").get("/meetings/attendance/?org=tr-highway&year=2019")
    assert len(response.context["report"]) == 23
    assert Attendance.objects.filter(meeting__date__year=2019).exists()
