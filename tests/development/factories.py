"""Factories for the development pipeline: people made through development.services, and a
helper that walks a person through the steps with the services (each limit respected)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from tests.factories import MeetingFactory, OrganizationFactory, _actor, id_number


class PersonFactory(factory.Factory):
    """A person made by development.services.person_create (data in PersonForm's shape)."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"申请人{n:03d}")
    gender = "female"
    ethnicity = "01"
    birth_date = dt.date(1998, 3, 10)
    id_number = factory.LazyAttribute(lambda o: id_number(birth=o.birth_date, gender=o.gender))
    phone = "13908561234"
    education = "bachelor"
    work_unit = "测试单位"
    post = "科员"
    notes = ""

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.development.services import person_create

        actor = kwargs.pop("actor")
        organization = kwargs.pop("organization")
        return person_create(actor=actor, organization=organization, data=kwargs)

    _build = _create


# Default dates of a pipeline that respects every limit, from an application on ``start``.
def schedule(start: dt.date) -> dict[int, dt.date]:
    """Step dates for an application on ``start``: the talk after 20 days, activist after a
    month, target 13 months later, admission 5 months after that, approval after 2 months,
    the conversion vote on the day probation ends, its approval a month later."""
    from branchwork.core.dates import add_months

    activist = add_months(start, 1)
    target = add_months(activist, 13)
    admitted = add_months(target, 5)
    converted = add_months(admitted, 12)
    dates = {1: start, 2: start + dt.timedelta(days=20), 3: activist}
    for n in (4, 5, 6):
        dates[n] = activist + dt.timedelta(days=n)
    dates[7] = target
    for n in range(8, 15):
        dates[n] = target + dt.timedelta(days=(n - 7) * 7)
    dates[15] = admitted
    dates[16] = admitted + dt.timedelta(days=20)
    dates[17] = add_months(admitted, 2)
    for n in range(18, 23):
        dates[n] = dates[17] + dt.timedelta(days=(n - 17) * 10)
    dates[23] = converted
    dates[24] = add_months(converted, 1)
    dates[25] = dates[24] + dt.timedelta(days=5)
    return dates


def general_meeting(organization: Any, date: dt.date) -> Any:
    """A held general meeting of ``organization`` on ``date`` (attendance filled: all present)."""
    from branchwork.meetings.services import attendance_fill

    meeting = MeetingFactory.create(organization=organization, date=date, topic="发展党员")
    attendance_fill(actor=_actor(), meeting=meeting)
    return meeting


def walk(person: Any, dates: dict[int, dt.date], until: int, introducers: list[Any]) -> Any:
    """Record steps 1..``until`` of ``person`` on ``dates`` through the services; the votes
    (15, 23) at a general meeting on that date, passed by every full member present."""
    from branchwork.development import services
    from branchwork.meetings import selectors as meeting_selectors

    actor = _actor()
    for number in range(1, until + 1):
        if number in (15, 23):
            meeting = general_meeting(person.organization, dates[number])
            _entitled, present = meeting_selectors.vote_counts(meeting)
            outcome = services.vote_step_record(
                actor=actor,
                person=person,
                decision="admit" if number == 15 else "convert",
                meeting=meeting,
                votes_for=present,
            )
            assert outcome.step is not None, outcome.refusal
        else:
            services.step_record(
                actor=actor,
                person=person,
                number=number,
                date=dates[number],
                introducers=introducers if number == 9 else None,
                training_days=3 if number == 11 else 0,
            )
        person.refresh_from_db()
    return person
