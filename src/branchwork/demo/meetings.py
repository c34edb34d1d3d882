"""Demo meetings of the highway branch and its party groups, from 2017 up to the day the demo
is loaded (``as_of``).

Invented for the demo (the article only says the branch "improved the standards of the three
meetings and one lesson and the party day", and upgraded them in 2019). Every kind is held at
its required frequency (``meetings.rules.KIND_RULES``) through the month before ``as_of``. A
few realistic gaps in the article's years make the compliance page show misses: no general
meeting in 2018 Q3, no committee meeting in August 2019, party group 3 did not meet in
February 2019 (Spring Festival). The 2019 admission of 彭晓东 passes; a 2018 motion fails for
lack of a majority of those entitled.

Up to ``as_of``, computed from it: this month's committee and party-group meetings are held
(on or before the day before ``as_of``), this month's themed party day is planned for later
in the month (the one meeting the home page shows as due this month), the rest of the year is
planned; 石磊 (maintenance station head) has missed every meeting of the last three months
without asking for leave (the home page's three-month absence warning); the general meeting
that admitted the probationary member is held on her admission date.
"""

from __future__ import annotations

import datetime as dt
import zlib

from branchwork.core.dates import add_months, month_start
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.meetings import rules, selectors, services
from branchwork.meetings.models import Attendance, Meeting
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

FIRST_YEAR = 2017
GAPS = {
    ("general_meeting", dt.date(2018, 8, 20)),
    ("committee_meeting", dt.date(2019, 8, 8)),
    ("group_meeting:tr-highway-g3", dt.date(2019, 2, 12)),
}
# Absent without leave from every meeting of the last ABSENT_MONTHS months before ``as_of``.
ABSENT_MEMBER = "石磊"
ABSENT_MONTHS = 3
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
MONTHLY_DAYS = {"committee_meeting": 8, "group_meeting": 12, "party_day": 15}


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


def _dated(kind: str, date: dt.date, as_of: dt.date) -> tuple[dt.date, str]:
    """The date and state of a scheduled meeting seen from ``as_of``: held before ``as_of``;
    this month's committee and party-group meetings held by the day before ``as_of`` (planned
    when ``as_of`` is the 1st); this month's party day and everything later planned."""
    if date < as_of:
        if date >= month_start(as_of) and kind == "party_day":
            return max(date, as_of), Meeting.State.PLANNED
        return date, Meeting.State.HELD
    this_month = (date.year, date.month) == (as_of.year, as_of.month)
    if this_month and kind in MONTHLY_DAYS and kind != "party_day" and as_of.day > 1:
        return as_of - dt.timedelta(days=1), Meeting.State.HELD
    return date, Meeting.State.PLANNED


def _absent(member: Member, date: dt.date, as_of: dt.date) -> str | None:
    """A deterministic, realistic pattern: about one in twelve away, mostly with leave. After
    the article's years the pattern follows the months before ``as_of`` (so two load dates
    tell the same story, shifted)."""
    if date.year <= 2019:
        key = f"{member.pk}-{date}"
    else:
        key = f"{member.name}-{data.months_before(date, as_of)}-{date.day}"
    h = zlib.crc32(key.encode()) % 24
    if h == 0:
        return "absent"
    if h in (1, 2):
        return "leave"
    return None


def _meeting(org: Organization, kind: str, date: dt.date, state: str, **fields) -> Meeting:
    held = state == Meeting.State.HELD
    values = {
        "start_time": dt.time(15, 0),
        "place": "市公路管理局三楼党员活动室",
        "topic": TOPICS[kind],
        "host": "张伟",
        "recorder": "李娜" if held else "",
        "minutes": "（演示数据）会议按议程进行，与会党员逐一发言。" if held else "",
        **fields,
    }
    return Meeting(organization=org, kind=kind, state=state, date=date, **values)


def load_meetings(as_of: dt.date) -> int:
    """The meetings from 2017 to ``as_of`` (held before it, planned for the rest of its year)
    with attendance, votes and appraisals; returns how many meetings were created (0 when the
    branch already has meetings)."""
    highway = Organization.objects.get(code="tr-highway")
    if Meeting.objects.filter(organization=highway).exists():
        return 0
    orgs = {o.code: o for o in Organization.objects.in_subtree(highway)}
    meetings = []
    lecture_index = 0
    for year in range(FIRST_YEAR, as_of.year + 1):
        for kind, code, scheduled in _schedule(year):
            date, state = _dated(kind, scheduled, as_of)
            meeting = _meeting(orgs[code], kind, date, state)
            if kind == "lecture":
                meeting.lecturer, meeting.lecture_title = LECTURES[lecture_index % len(LECTURES)]
                lecture_index += 1
            meetings.append(meeting)
        for pair in rules.TalkPair.values:
            date, state = _dated("talk", dt.date(year, 12, 5), as_of)
            meetings.append(_meeting(highway, "talk", date, state, talk_pair=pair))
    admitted = data.probationary_admitted_on(as_of)
    meetings.append(
        _meeting(
            highway,
            "general_meeting",
            admitted,
            Meeting.State.HELD,
            topic=f"党员大会：讨论接收{data.PROBATIONARY_NAME}同志为预备党员",
        )
    )
    services.records_load(actor=DEMO_ACTOR, organization=highway, rows=meetings)
    meetings = list(
        Meeting.objects.in_subtree(highway)
        .filter(state=Meeting.State.HELD)
        .select_related("organization")
    )

    roster = list(Member.objects.filter(organization=highway))
    absent_from = month_start(add_months(as_of, -ABSENT_MONTHS))
    rows = []
    for meeting in meetings:
        if meeting.kind == "talk":
            continue
        if meeting.organization.org_type == "party_group":
            expected = [m for m in roster if m.party_group_id == meeting.organization_id]
        elif meeting.kind == "committee_meeting":
            names = _committee_on(meeting.date)
            expected = [m for m in roster if m.name in names]
        else:
            expected = roster
        for member in expected:
            if member.admitted_on > meeting.date:
                continue
            if member.name == ABSENT_MEMBER and meeting.date >= absent_from:
                mark: str | None = "absent"
            else:
                mark = _absent(member, meeting.date, as_of)
            rows.append(
                Attendance(
                    meeting=meeting,
                    member=member,
                    presence=mark or "present",
                    reason="外出参加培训" if mark == "leave" else "",
                )
            )
    services.records_load(actor=DEMO_ACTOR, organization=highway, rows=rows)

    _votes(highway, as_of)
    _appraisals(highway, as_of)
    return len(meetings)


def _committee_on(day: dt.date) -> set[str]:
    """The names of the committee in office on ``day`` (``data.COMMITTEE_TERMS``)."""
    names: set[str] = set()
    for start, members in data.COMMITTEE_TERMS:
        if start <= day:
            names = set(members)
    return names


def _votes(highway: Organization, as_of: dt.date) -> None:
    admission = Meeting.objects.get(
        organization=highway, kind="general_meeting", date=dt.date(2019, 5, 20)
    )
    services.meeting_save(
        actor=DEMO_ACTOR,
        organization=highway,
        data={"topic": "党员大会：讨论接收彭晓东同志为预备党员"},
        meeting=admission,
    )
    _admission_vote(admission, "彭晓东")
    recent = Meeting.objects.get(
        organization=highway,
        kind="general_meeting",
        date=data.probationary_admitted_on(as_of),
        topic__contains=data.PROBATIONARY_NAME,
    )
    _admission_vote(recent, data.PROBATIONARY_NAME)
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


def _admission_vote(meeting: Meeting, name: str) -> None:
    entitled, present = selectors.vote_counts(meeting)
    services.vote_record(
        actor=DEMO_ACTOR,
        meeting=meeting,
        kind="admission",
        subject=f"接收{name}同志为中共预备党员",
        votes_for=present - 1,
        abstentions=1,
        written_for=min(2, entitled - present),
    )


def _appraisals(highway: Organization, as_of: dt.date) -> None:
    for meeting in Meeting.objects.filter(
        organization=highway, kind="appraisal", state=Meeting.State.HELD
    ).order_by("date"):
        year = meeting.date.year
        members = list(
            Member.objects.filter(organization=highway, converted_on__lte=meeting.date).order_by(
                "pk"
            )
        )
        grades = {}
        for i, member in enumerate(members):
            grades[member.pk] = "excellent" if i % 4 == 0 else "qualified"
        services.appraisal_record(
            actor=DEMO_ACTOR, organization=highway, year=year, grades=grades, meeting=meeting
        )
