"""Demo meetings of the highway branch and its party groups, 2017-2019.

Invented for the demo (the article only says the branch "improved the standards of the three
meetings and one lesson and the party day"). A few realistic gaps make the compliance page show
misses: no general meeting in 2018 Q3, no committee meeting in August 2019, party group 3 did
not meet in February 2019 (Spring Festival). The 2019 admission of 彭晓东 passes; a 2018 motion
fails for lack of a majority of those entitled.
"""

from __future__ import annotations

import datetime as dt
import zlib

from branchwork.demo.data import DEMO_ACTOR
from branchwork.meetings import rules, selectors, services
from branchwork.meetings.models import Attendance, Meeting
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

YEARS = (2017, 2018, 2019)
GAPS = {
    ("general_meeting", dt.date(2018, 8, 20)),
    ("committee_meeting", dt.date(2019, 8, 8)),
    ("group_meeting:tr-highway-g3", dt.date(2019, 2, 12)),
}
TOPICS = {
    "general_meeting": "党员大会：学习传达上级精神，研究支部重要事项",
    "committee_meeting": "支委会：研究本月党建和中心工作",
    "group_meeting": "党小组会：学习讨论，交流思想",
    "lecture": "党课",
    "party_day": "主题党日",
    "org_life": "专题组织生活会",
    "appraisal": "民主评议党员",
    "talk": "谈心谈话",
}
LECTURES = [
    ("张伟", "不忘初心、牢记使命，建好“组组通”硬化路"),
    ("孙强", "以党建引领农村公路养护管理"),
    ("李娜", "党支部标准化规范化建设要点"),
    ("张伟", "学习贯彻《中国共产党支部工作条例（试行）》"),
]


def _schedule(year: int) -> list[tuple[str, str, dt.date]]:
    """(kind, organization code, date) of every demo meeting of the year."""
    rows = []
    for month in range(1, 13):
        rows.append(("committee_meeting", "tr-highway", dt.date(year, month, 8)))
        rows.append(("party_day", "tr-highway", dt.date(year, month, 15)))
        for group in ("tr-highway-g1", "tr-highway-g2", "tr-highway-g3"):
            rows.append(("group_meeting", group, dt.date(year, month, 12)))
    for quarter_month in (2, 5, 8, 11):
        rows.append(("general_meeting", "tr-highway", dt.date(year, quarter_month, 20)))
        rows.append(("lecture", "tr-highway", dt.date(year, quarter_month + 1, 10)))
    rows.append(("org_life", "tr-highway", dt.date(year, 12, 20)))
    rows.append(("appraisal", "tr-highway", dt.date(year, 12, 27)))
    return [r for r in rows if (r[0], r[2]) not in GAPS and (f"{r[0]}:{r[1]}", r[2]) not in GAPS]


def _absent(member: Member, date: dt.date) -> str | None:
    """A deterministic, realistic pattern: about one in twelve away, mostly with leave."""
    h = zlib.crc32(f"{member.pk}-{date}".encode()) % 24
    if h == 0:
        return "absent"
    if h in (1, 2):
        return "leave"
    return None


def load_meetings() -> int:
    highway = Organization.objects.get(code="tr-highway")
    if Meeting.objects.filter(organization=highway, date__year__in=YEARS).exists():
        return 0
    orgs = {o.code: o for o in Organization.objects.in_subtree(highway)}
    meetings = []
    lecture_index = 0
    for year in YEARS:
        for kind, code, date in _schedule(year):
            meeting = Meeting(
                organization=orgs[code],
                kind=kind,
                state=Meeting.State.HELD,
                date=date,
                start_time=dt.time(15, 0),
                place="市公路管理局三楼党员活动室",
                topic=TOPICS[kind],
                host="张伟",
                recorder="李娜",
                minutes="（演示数据）会议按议程进行，与会党员逐一发言。",
            )
            if kind == "lecture":
                meeting.lecturer, meeting.lecture_title = LECTURES[lecture_index % len(LECTURES)]
                lecture_index += 1
            meetings.append(meeting)
        for pair in rules.TalkPair.values:
            meetings.append(
                Meeting(
                    organization=highway,
                    kind="talk",
                    state=Meeting.State.HELD,
                    date=dt.date(year, 12, 5),
                    talk_pair=pair,
                    topic=TOPICS["talk"],
                    host="张伟",
                )
            )
    services.records_load(actor=DEMO_ACTOR, organization=highway, rows=meetings)
    meetings = list(
        Meeting.objects.in_subtree(highway)
        .filter(date__year__in=YEARS)
        .select_related("organization")
    )

    roster = list(Member.objects.filter(organization=highway))
    committee_names = {"张伟", "李娜", "王芳", "刘洋", "陈静", "赵磊"}
    rows = []
    for meeting in meetings:
        if meeting.kind == "talk":
            continue
        if meeting.organization.org_type == "party_group":
            expected = [m for m in roster if m.party_group_id == meeting.organization_id]
        elif meeting.kind == "committee_meeting":
            expected = [m for m in roster if m.name in committee_names]
        else:
            expected = roster
        for member in expected:
            if member.admitted_on > meeting.date:
                continue
            mark = _absent(member, meeting.date)
            rows.append(
                Attendance(
                    meeting=meeting,
                    member=member,
                    presence=mark or "present",
                    reason="外出参加培训" if mark == "leave" else "",
                )
            )
    services.records_load(actor=DEMO_ACTOR, organization=highway, rows=rows)

    _votes(highway)
    _appraisals(highway)
    return len(meetings)


def _votes(highway: Organization) -> None:
    admission = Meeting.objects.get(
        organization=highway, kind="general_meeting", date=dt.date(2019, 5, 20)
    )
    services.meeting_save(
        actor=DEMO_ACTOR,
        organization=highway,
        data={"topic": "党员大会：讨论接收彭晓东同志为预备党员"},
        meeting=admission,
    )
    entitled, present = selectors.vote_counts(admission)
    services.vote_record(
        actor=DEMO_ACTOR,
        meeting=admission,
        kind="admission",
        subject="接收彭晓东同志为中共预备党员",
        votes_for=present - 1,
        abstentions=1,
        written_for=min(2, entitled - present),
    )
    motion = Meeting.objects.get(
        organization=highway, kind="general_meeting", date=dt.date(2018, 11, 20)
    )
    entitled, present = selectors.vote_counts(motion)
    half = entitled // 2  # not "more than half of those entitled", whether odd or even
    services.vote_record(
        actor=DEMO_ACTOR,
        meeting=motion,
        kind="motion",
        subject="关于将党小组由三个调整为两个的提议",
        votes_for=half,
        votes_against=present - half,
    )


def _appraisals(highway: Organization) -> None:
    for year in YEARS:
        meeting = Meeting.objects.get(organization=highway, kind="appraisal", date__year=year)
        members = [
            m
            for m in Member.objects.filter(
                organization=highway, converted_on__lte=dt.date(year, 12, 27)
            ).order_by("pk")
        ]
        grades = {}
        for i, member in enumerate(members):
            grades[member.pk] = "excellent" if i % 4 == 0 else "qualified"
        services.appraisal_record(
            actor=DEMO_ACTOR, organization=highway, year=year, grades=grades, meeting=meeting
        )
