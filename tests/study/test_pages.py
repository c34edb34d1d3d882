"""Study pages, import and export through the client: the member's own page and home line,
the secretary's progress page and home warnings, recording study, the ledger workbook and
the all-or-nothing import naming every bad row."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from branchwork.study.models import StudyRecord
from tests.study.factories import study_record

D = dt.date


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "study.xlsx"
    return out


def test_the_member_sees_their_own_progress_on_my_study_and_home(persona_tree):
    today = timezone.localdate()
    study_record(persona_tree.members["member"], hours=12, date=D(today.year, 1, 5))
    client = persona_tree.client("member")
    page = client.get(reverse("study:me")).content.decode()
    assert "12 / 32" in page and 'data-testid="my-study-progress"' in page
    home = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="home-my-study"' in home and "12 / 32" in home
    assert client.get(reverse("study:progress") + "?org=pt-branch").status_code == 403


def test_an_account_without_a_member_record_is_told_so(persona_tree):
    page = persona_tree.client("engineer").get(reverse("study:me")).content.decode()
    assert "not linked to a member record" in page


def test_the_secretary_sees_progress_and_the_rule_sources(persona_tree):
    page = persona_tree.client("secretary").get(reverse("study:progress") + "?org=pt-branch")
    text = page.content.decode()
    assert page.status_code == 200
    assert "张书记" in text and "secretary or committee member" in text
    assert "教育管理条例" in text


def test_the_secretary_records_study_in_half_days_with_evidence(persona_tree):
    member = persona_tree.members["member"]
    png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    png.name = "cert.png"
    response = persona_tree.client("secretary").post(
        reverse("study:record_create") + "?org=pt-branch",
        {
            "member": member.pk,
            "date": "2026-03-02",
            "topic": "专题培训",
            "form": "course",
            "quantity": "1",
            "unit": "half_day",
            "evidence": png,
        },
    )
    assert response.status_code == 302
    record = StudyRecord.objects.get(member=member, topic="专题培训")
    assert record.hours == 4 and record.evidence.count() == 1
    evidence = record.evidence.get()
    own = persona_tree.client("member").get(reverse("study:evidence", args=[evidence.pk]))
    assert own.status_code == 200
    assert (
        persona_tree.client("outsider").get(reverse("study:record", args=[record.pk])).status_code
        == 404
    )


def test_a_refused_record_shows_the_reason_on_the_form(persona_tree):
    response = persona_tree.client("secretary").post(
        reverse("study:record_create") + "?org=pt-branch",
        {
            "member": persona_tree.members["member"].pk,
            "date": "2026-03-02",
            "topic": "上级培训",
            "form": "centralised",
            "quantity": "1",
            "unit": "day",
        },
    )
    assert response.status_code == 200
    assert (
        "Say which higher organization held the centralised training." in response.content.decode()
    )


def test_the_ledger_exports_the_filtered_records_and_the_progress(persona_tree):
    study_record(persona_tree.members["member"], hours=3, date=D(2026, 2, 1), topic="自学党章")
    study_record(
        persona_tree.members["member"], hours=2, date=D(2026, 2, 2), topic="网课", form="online"
    )
    response = persona_tree.client("propaganda").get(
        reverse("study:export") + "?org=pt-branch&year=2026&form=online"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    records, progress = book.worksheets
    assert [row[3] for row in records.iter_rows(min_row=2, values_only=True)] == ["网课"]
    names = {row[0]: row[3] for row in progress.iter_rows(min_row=2, values_only=True)}
    assert names["周党员"] == 5


def test_the_import_saves_every_row_or_nothing(persona_tree):
    client = persona_tree.client("secretary")
    url = reverse("study:import") + "?org=pt-branch"
    good = _xlsx(
        [
            ["姓名", "日期", "学习内容", "学习形式", "学时", "单位", "举办单位"],
            ["周党员", "2026-03-01", "学习条例", "自学", 2, "学时", ""],
            ["张书记", "2026年4月16日", "集中轮训", "上级集中培训", 1, "天", "测试机关工委"],
        ]
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert StudyRecord.objects.get(topic="集中轮训").hours == 8
    again = client.post(
        url,
        {
            "file": _xlsx(
                [
                    ["姓名", "日期", "学习内容", "学习形式", "学时"],
                    ["周党员", "2026-03-01", "学习条例", "自学", 2],
                ]
            )
        },
    )
    assert "row 2: already recorded" in again.content.decode()


def test_the_import_names_every_bad_row_and_saves_nothing(persona_tree):
    before = StudyRecord.objects.count()
    bad = _xlsx(
        [
            ["姓名", "日期", "学习内容", "学习形式", "学时"],
            ["周党员", "2026-03-01", "学习条例", "自学", 2],  # fine
            ["无此人", "2026-03-01", "学习条例", "自学", 2],
            ["周党员", "昨天", "学习条例", "自学", 2],
            ["周党员", "2026-03-02", "学习条例", "读报", 2],
            ["周党员", "2026-03-03", "学习条例", "自学", "两"],
            ["周党员", "2999-03-03", "学习条例", "自学", 1],
            ["周党员", "2026-03-04", "学习条例", "自学", "0.3"],
        ]
    )
    response = persona_tree.client("secretary").post(
        reverse("study:import") + "?org=pt-branch", {"file": bad}
    )
    text = response.content.decode()
    assert StudyRecord.objects.count() == before
    for expected in [
        "row 3, column 姓名",
        "row 4, column 日期",
        "row 5, column 学习形式",
        "row 6, column 学时",
        "row 7, column 日期",
        "row 8, column 学时",
    ]:
        assert expected in text
    assert "row 2," not in text


def test_the_import_reports_unknown_columns(persona_tree):
    bad = _xlsx(
        [
            ["姓名", "日期", "学习内容", "学习形式", "学时", "心得体会"],
            ["周党员", "2026-03-01", "学习条例", "自学", 2, "很好"],
        ]
    )
    response = persona_tree.client("secretary").post(
        reverse("study:import") + "?org=pt-branch", {"file": bad}
    )
    assert "心得体会" in response.content.decode()
    assert not StudyRecord.objects.filter(topic="学习条例").exists()


def test_the_template_reads_back_through_the_importer(persona_tree):
    from branchwork.study import imports

    result = imports.read_records(
        user=persona_tree.users["secretary"],
        organization=persona_tree.orgs["branch"],
        data=imports.template_bytes(),
    )
    assert result.errors == ["row 2, column 姓名: no member named 张三 in 测试支部委员会"]


def test_the_secretary_records_a_session_from_a_meeting(persona_tree):
    from branchwork.meetings.services import attendance_fill
    from tests.conftest import TEST_ACTOR
    from tests.factories import MeetingFactory

    today = timezone.localdate()
    meeting = MeetingFactory.create(
        organization=persona_tree.orgs["branch"],
        kind="lecture",
        date=today,
        lecturer="张书记",
        lecture_title="党课",
    )
    attendance_fill(actor=TEST_ACTOR, meeting=meeting)
    client = persona_tree.client("secretary")
    form = client.get(reverse("study:session_create") + f"?org=pt-branch&meeting={meeting.pk}")
    assert form.status_code == 200
    response = client.post(
        reverse("study:session_create") + "?org=pt-branch",
        {
            "date": today.isoformat(),
            "topic": "党课",
            "quantity": "1",
            "unit": "half_day",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302
    assert StudyRecord.objects.filter(session__meeting=meeting, hours=Decimal(4)).count() == 3


def test_the_plan_and_library_pages(persona_tree):
    client = persona_tree.client("propaganda")
    url = reverse("study:plan") + "?org=pt-branch&year=2026"
    assert client.post(url, {"add_item": "1", "month": "3", "topic": "学习条例"}).status_code == 302
    assert "学习条例" in client.get(url).content.decode()
    murl = reverse("study:materials") + "?org=pt-branch"
    response = client.post(
        murl, {"topic": "党章", "title": "党章全文", "url": "https://www.12371.cn/"}
    )
    assert response.status_code == 302
    assert "党章全文" in client.get(murl).content.decode()
    assert (
        persona_tree.client("discipline")
        .post(murl, {"topic": "x", "title": "y", "url": "https://a.cn"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["secretary", "inspector"])
def test_the_api_gives_the_summary(persona_tree, persona):
    study_record(persona_tree.members["member"], hours=32, date=D(2026, 1, 5))
    response = persona_tree.client(persona).get(
        "/api/study/progress/summary?org=pt-branch&year=2026"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["counted"] == 3 and body["met"] == 1 and Decimal(str(body["total_hours"])) == 32


def test_the_secretary_corrects_an_individual_record(persona_tree):
    record = study_record(persona_tree.members["member"], hours=2)
    url = reverse("study:record_edit", args=[record.pk])
    client = persona_tree.client("secretary")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "member": record.member_id,
            "date": "2026-03-15",
            "topic": "学习党章（更正）",
            "form": "self_study",
            "quantity": "1",
            "unit": "day",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.topic, record.hours) == ("学习党章（更正）", 8)
    assert persona_tree.client("discipline").get(url).status_code == 403
