"""Demo study of the highway branch, for the year before ``as_of`` and ``as_of``'s year up to
the day before it.

Invented for the demo (the article lists member study and education first among the
branch's systems but gives no hours): a plan for the current year with a topic a month; a
small materials library (links to the rules' texts); a collective study session at each
general meeting (2 hours) and party lecture (half a day, 4 hours) held in those years, with
a record for each member present; for every member an online-study record on the 25th of
each month (3 hours, 4 for committee members, who owe 56); for the committee members, the
probationary member and first-year full members a centralised training by the municipal
organs work committee in April (one day, 8 hours). Two members are behind: 石磊 (who also
stopped coming to meetings) and 何勇 study online only every third month. Idempotent:
sessions are keyed by their meeting, records by ``source_key``
(``study.services.record_external_hours``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.meetings.models import Meeting
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization
from branchwork.study import rules, services
from branchwork.study.models import Material, StudyPlan, StudySession

BEHIND = ("石磊", "何勇")
ONLINE_HOURS = Decimal(3)
SESSION_HOURS = {"general_meeting": Decimal(2), "lecture": Decimal(4)}
TRAINING_MONTH = 4
TRAINER = "中共铜仁市直属机关工作委员会"
PLAN_TOPICS = [
    "学习党章，重温入党誓词",
    "学习《中国共产党支部工作条例（试行）》",
    "学习《中国共产党党员教育管理工作条例》",
    "党史学习：新民主主义革命时期",
    "学习《中国共产党纪律处分条例》",
    "“七一”专题党课：不忘初心、牢记使命",
    "学习交通运输行业安全生产法规",
    "“组组通”硬化路建设与养护专题学习",
    "党史学习：社会主义建设时期",
    "学习《中国共产党党和国家机关基层组织工作条例》",
    "廉政警示教育",
    "年度学习总结，准备组织生活会",
]
MATERIALS = [
    ("党章党规", "中国共产党章程", "https://www.12371.cn/special/zggcdzc/"),
    (
        "党章党规",
        "中国共产党支部工作条例（试行）",
        "https://www.12371.cn/2018/11/25/ARTI1543145990370114.shtml",
    ),
    (
        "党员教育",
        "中国共产党党员教育管理工作条例",
        "https://www.12371.cn/2019/05/09/ARTI1557356920183170.shtml",
    ),
    ("党史学习", "中国共产党简史", "https://www.12371.cn/special/dsxx/"),
    ("业务学习", "农村公路养护管理办法", "https://xxgk.mot.gov.cn/"),
]


def _first_year_full(member: Member, year: int) -> bool:
    return rules.first_full_year_overlaps(member.converted_on, year)


def load_study(as_of: dt.date) -> int:
    """Load the demo's study (see the module docstring); returns how many records were made."""
    highway = Organization.objects.get(code="tr-highway")
    last_day = min(as_of - dt.timedelta(days=1), timezone.localdate())
    years = [as_of.year - 1, as_of.year]
    materials = _materials(highway, as_of)
    _plan(highway, as_of.year, materials)
    created = 0
    for year in years:
        created += _sessions(highway, year, last_day)
    members = list(Member.objects.filter(organization=highway, status__in=ON_ROLL_STATUSES))
    committee = {(start.year, name) for start, names in data.COMMITTEE_TERMS for name in names}
    for member in members:
        for year in years:
            created += _individual(member, year, last_day, committee)
    _reads(materials, members, as_of)
    return created


def _materials(highway: Organization, as_of: dt.date) -> list[Material]:
    existing = {m.title: m for m in Material.objects.filter(organization=highway)}
    found = []
    for index, (topic, title, url) in enumerate(MATERIALS):
        material = existing.get(title) or services.material_add(
            actor=DEMO_ACTOR,
            organization=highway,
            topic=topic,
            title=title,
            url=url,
            note=data.DEMO_NOTE,
            added_on=dt.date(as_of.year, 1, 1) + dt.timedelta(days=index * 7),
        )
        found.append(material)
    return found


def _plan(highway: Organization, year: int, materials: list[Material]) -> None:
    if StudyPlan.objects.filter(organization=highway, year=year).exists():
        return
    plan = services.plan_save(
        actor=DEMO_ACTOR,
        organization=highway,
        year=year,
        title=f"市公路管理局党支部{year}年党员学习计划",
        note=data.DEMO_NOTE,
    )
    for month, topic in enumerate(PLAN_TOPICS, start=1):
        chosen = [materials[month % len(materials)]] if month % 3 else []
        services.plan_item_add(
            actor=DEMO_ACTOR, plan=plan, month=month, topic=topic, materials=chosen
        )


def _sessions(highway: Organization, year: int, last_day: dt.date) -> int:
    """A session at each general meeting and party lecture of the branch held in ``year``."""
    done = set(
        StudySession.objects.filter(organization=highway, meeting__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    meetings = Meeting.objects.filter(
        organization=highway,
        kind__in=tuple(SESSION_HOURS),
        state=Meeting.State.HELD,
        date__year=year,
        date__lte=last_day,
    ).order_by("date", "id")
    created = 0
    for meeting in meetings:
        if meeting.pk in done or not meeting.attendance.filter(presence="present").exists():
            continue
        topic = meeting.lecture_title if meeting.kind == "lecture" else "集中学习：" + meeting.topic
        session = services.session_record(
            actor=DEMO_ACTOR,
            organization=highway,
            date=meeting.date,
            topic=topic[:200],
            hours=SESSION_HOURS[meeting.kind],
            meeting=meeting,
            lecturer=meeting.lecturer,
            note=data.DEMO_NOTE,
        )
        created += session.records.count()
    return created


def _individual(
    member: Member, year: int, last_day: dt.date, committee: set[tuple[int, str]]
) -> int:
    created = 0
    step = 3 if member.name in BEHIND else 1
    leader = any((start, member.name) in committee for start in range(year - 2, year + 1))
    for month in range(1, 13, step):
        day = dt.date(year, month, 25)
        if day > last_day or day < member.admitted_on:
            continue
        _record, new = services.record_external_hours(
            actor=DEMO_ACTOR,
            member=member,
            date=day,
            topic="网络学习：学习强国、共产党员网专题学习（演示数据）",
            form=rules.Form.ONLINE,
            hours=ONLINE_HOURS + (1 if leader else 0),
            source_key=f"demo:online:{day:%Y-%m}",
        )
        created += new
    probationary = rules.probationary_during(
        member.admitted_on, member.converted_on, member.category, year
    )
    if member.name in BEHIND or not (leader or probationary or _first_year_full(member, year)):
        return created
    day = dt.date(year, TRAINING_MONTH, 16)
    if day < member.admitted_on:
        day = member.admitted_on + dt.timedelta(days=14)
    if day > last_day:
        return created
    _record, new = services.record_external_hours(
        actor=DEMO_ACTOR,
        member=member,
        date=day,
        topic=TRAINER,
        form=rules.Form.CENTRALISED,
        hours=rules.to_hours(1, rules.Unit.DAY),
        source_key=f"demo:centralised:{year}",
    )
    return created + new


def _reads(materials: list[Material], members: list[Member], as_of: dt.date) -> None:
    """Most members read the first materials; the two behind read nothing."""
    for index, material in enumerate(materials):
        for position, member in enumerate(members):
            if member.name in BEHIND or (position + index) % (index + 2) == 1:
                continue
            on = max(material.added_on, member.admitted_on)
            if on >= as_of:
                continue
            services.material_mark_read(actor=DEMO_ACTOR, material=material, member=member, on=on)
