"""The demo's development pipeline (发展党员), every date after the article's computed from
``as_of``.

- 彭晓东: the article's 2019 admission (in 2019 he was the branch's one probationary member),
  as a complete record of the 25 steps: his admission is the demo's vote of 20 May 2019; the
  living demo continues it with the conversion on time, voted at the general meeting when his
  probation year ended (20 May 2020), and its approval and archiving.
- 胡小梅: the demo's probationary member today, admitted at the general meeting on
  ``data.probationary_admitted_on(as_of)`` (the demo's vote): her steps up to the continued
  assessment; the conversion application and vote come next, when her year ends
  (``data.PROBATION_ENDS_IN_DAYS`` after ``as_of``).
- In progress, invented for the demo (``data.DEMO_NOTE``): two activists (one a year in next
  month), one development target with introducers and training, and one applicant whose talk is
  due by the end of the load month (the home page's deadline).
Dates before 2019 other than the votes are demo data too (the article gives none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from branchwork.core.dates import add_months, month_start
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR, DEMO_NOTE
from branchwork.development import services
from branchwork.development.models import Person
from branchwork.meetings import selectors as meeting_selectors
from branchwork.meetings.models import Meeting, Vote
from branchwork.members.models import Member
from branchwork.members.rules import id_check_character
from branchwork.organizations.models import Organization

HIGHWAY = "tr-highway"

# 彭晓东's dated steps (demo data: the article gives only the year of admission).
PENG_STEPS: dict[int, dt.date] = {
    1: dt.date(2017, 3, 6),
    2: dt.date(2017, 3, 28),
    3: dt.date(2017, 4, 18),
    4: dt.date(2017, 4, 25),
    5: dt.date(2017, 4, 25),
    6: dt.date(2018, 4, 20),
    7: dt.date(2018, 4, 24),
    8: dt.date(2018, 5, 3),
    9: dt.date(2018, 5, 10),
    10: dt.date(2018, 9, 14),
    11: dt.date(2018, 11, 12),
    12: dt.date(2019, 4, 10),
    13: dt.date(2019, 4, 26),
    14: dt.date(2019, 5, 6),
    # 15: the general meeting's vote of 2019-05-20 (demo.meetings)
    16: dt.date(2019, 6, 12),
    17: dt.date(2019, 6, 28),
    18: dt.date(2019, 7, 5),
    19: dt.date(2019, 7, 8),
    20: dt.date(2019, 7, 10),
    21: dt.date(2019, 12, 20),
    22: dt.date(2020, 5, 6),
    # 23: the conversion vote at the general meeting when the year ended
    # 24 and 25: a month and seven weeks after the conversion vote
}
INTRODUCERS = ["张伟", "李娜"]
# (name, gender, birth date, county, phone, post, stage): invented for the demo.
IN_PROGRESS = [
    ("田野", "male", dt.date(1995, 8, 2), "520603", "13908560131", "路政管理科科员", "activist"),
    (
        "杨帆",
        "female",
        dt.date(1996, 11, 21),
        "520621",
        "13908560132",
        "财务科科员",
        "ready",
    ),
    ("龙海", "male", dt.date(1992, 4, 9), "520624", "13908560133", "养护管理科工程师", "target"),
    ("冉静", "female", dt.date(2000, 1, 15), "520602", "13908560134", "办公室科员", "applicant"),
]


def _id(county: str, birth: dt.date, gender: str, serial: int) -> str:
    sequence = serial * 2 + (1 if gender == "male" else 0)
    body = f"{county}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_character(body)


def _person_from_member(member: Member, highway: Organization) -> Person:
    return services.person_create(
        actor=DEMO_ACTOR,
        organization=highway,
        member=member,
        data={
            "name": member.name,
            "gender": member.gender,
            "ethnicity": member.ethnicity,
            "birth_date": member.birth_date,
            "id_number": member.id_number,
            "phone": member.phone,
            "education": member.education,
            "work_unit": member.work_unit,
            "post": member.post,
            "notes": DEMO_NOTE,
        },
    )


def _record(person: Person, number: int, day: dt.date, **extra: Any) -> None:
    services.step_record(actor=DEMO_ACTOR, person=person, number=number, date=day, **extra)
    person.refresh_from_db()


def _steps(person: Person, dates: dict[int, dt.date], introducers: list[Member]) -> None:
    for number, day in sorted(dates.items()):
        _record(
            person,
            number,
            day,
            introducers=introducers if number == 9 else None,
            training_days=3 if number == 11 else 0,
            training_hours=24 if number == 11 else 0,
            contacts="、".join(m.name for m in introducers) if number == 5 else "",
            note="演示数据" if number not in (15, 23) else "",
        )


def _admission_vote(name: str) -> Vote:
    return Vote.objects.filter(
        meeting__organization__code=HIGHWAY, kind=Vote.Kind.ADMISSION, subject__contains=name
    ).earliest("meeting__date")


def load_development(as_of: dt.date) -> int:
    """Load the demo pipeline (idempotent: skipped when 彭晓东's record exists). Returns how
    many people were added."""
    highway = Organization.objects.get(code=HIGHWAY)
    if Person.objects.filter(organization=highway, name="彭晓东").exists():
        return 0
    introducers = list(Member.objects.filter(organization=highway, name__in=INTRODUCERS))
    added = 0

    # 彭晓东: the article's 2019 admission, converted on time by the living demo.
    peng = _person_from_member(Member.objects.get(organization=highway, name="彭晓东"), highway)
    admission = _admission_vote("彭晓东")
    _steps(peng, {n: d for n, d in PENG_STEPS.items() if n < 15}, introducers)
    _record(peng, 15, admission.meeting.date, vote=admission)
    _steps(peng, {n: d for n, d in PENG_STEPS.items() if 15 < n < 23}, [])
    year_end = add_months(admission.meeting.date, 12)
    conversion = (
        Meeting.objects.filter(
            organization=highway, kind="general_meeting", state="held", date__gte=year_end
        )
        .order_by("date")
        .first()
    )
    if conversion is not None:
        entitled, present = meeting_selectors.vote_counts(conversion)
        services.vote_step_record(
            actor=DEMO_ACTOR,
            person=peng,
            decision=services.CONVERT,
            meeting=conversion,
            votes_for=present - 1,
            abstentions=1,
            written_for=min(2, entitled - present),
            note="预备期满，按期转正（演示数据）",
        )
        peng.refresh_from_db()
        approved = conversion.date + dt.timedelta(days=29)
        _steps(peng, {24: approved, 25: approved + dt.timedelta(days=21)}, [])
    added += 1

    # 胡小梅: admitted at the demo's recent general meeting; her year ends soon after as_of.
    hu = _person_from_member(
        Member.objects.get(organization=highway, name=data.PROBATIONARY_NAME), highway
    )
    vote = _admission_vote(data.PROBATIONARY_NAME)
    admitted = vote.meeting.date
    target = add_months(admitted, -5)
    activist = add_months(target, -14)
    applied = add_months(activist, -2)
    before = {
        1: applied,
        2: applied + dt.timedelta(days=15),
        3: activist,
        4: activist + dt.timedelta(days=7),
        5: activist + dt.timedelta(days=7),
        6: target - dt.timedelta(days=10),
        7: target,
        8: target + dt.timedelta(days=10),
        9: target + dt.timedelta(days=20),
        10: target + dt.timedelta(days=45),
        11: target + dt.timedelta(days=70),
        12: admitted - dt.timedelta(days=40),
        13: admitted - dt.timedelta(days=25),
        14: admitted - dt.timedelta(days=10),
    }
    _steps(hu, before, introducers)
    _record(hu, 15, admitted, vote=vote)
    after = {
        16: admitted + dt.timedelta(days=15),
        17: admitted + dt.timedelta(days=45),
        18: admitted + dt.timedelta(days=60),
        19: admitted + dt.timedelta(days=62),
        20: admitted + dt.timedelta(days=70),
        21: add_months(admitted, 6),
    }
    _steps(hu, {n: d for n, d in after.items() if d < as_of}, [])
    added += 1

    # In progress (invented).
    for serial, (name, gender, birth, county, phone, post, stage) in enumerate(IN_PROGRESS, 90):
        person = services.person_create(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "name": name,
                "gender": gender,
                "ethnicity": "01",
                "birth_date": birth,
                "id_number": _id(county, birth, gender, serial),
                "phone": phone,
                "education": "bachelor",
                "work_unit": "铜仁市公路管理局",
                "post": post,
                "notes": DEMO_NOTE,
            },
        )
        if stage == "applicant":
            # Applied so that the talk is due by the last day of the load month.
            month_end = add_months(month_start(as_of), 1) - dt.timedelta(days=1)
            applied = min(add_months(month_end, -1), as_of)
            _steps(person, {1: applied}, [])
        elif stage == "activist":
            activist = add_months(as_of, -5)
            applied = add_months(activist, -2)
            _steps(person, {1: applied, 2: applied + dt.timedelta(days=12), 3: activist}, [])
            _steps(person, {4: activist + dt.timedelta(days=10)}, [])
            _steps(person, {5: activist + dt.timedelta(days=10)}, introducers[:1])
        elif stage == "ready":
            # A year as an activist completes next month: the target can be decided then.
            activist = add_months(as_of, -11)
            applied = add_months(activist, -3)
            dates = {1: applied, 2: applied + dt.timedelta(days=25), 3: activist}
            dates |= {4: activist + dt.timedelta(days=8), 5: activist + dt.timedelta(days=8)}
            dates[6] = as_of - dt.timedelta(days=10)
            _steps(person, dates, introducers[1:])
        else:
            target = add_months(as_of, -6)
            activist = add_months(target, -16)
            applied = add_months(activist, -3)
            dates = {1: applied, 2: applied + dt.timedelta(days=20), 3: activist}
            dates |= {4: activist + dt.timedelta(days=8), 5: activist + dt.timedelta(days=8)}
            dates |= {6: target - dt.timedelta(days=7), 7: target}
            dates |= {8: target + dt.timedelta(days=12), 9: target + dt.timedelta(days=30)}
            dates |= {10: target + dt.timedelta(days=60), 11: target + dt.timedelta(days=90)}
            _steps(person, dates, introducers)
        added += 1
    return added
