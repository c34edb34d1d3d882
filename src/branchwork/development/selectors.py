"""Reads of the development pipeline: the register, one person, their next step and its last
allowed date, the month's deadlines, counts per stage, documents and the calendar's deadlines.

Each function that takes ``user`` starts from ``visible_to`` (development.view) or checks the
organization first; the functions run a fixed number of queries whatever the register's size."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, paths_for, require
from branchwork.development import rules
from branchwork.development.models import Document, Person, Step
from branchwork.meetings.models import Meeting
from branchwork.meetings.rules import Kind
from branchwork.organizations.models import Organization


def _grace() -> int | None:
    return (getattr(settings, "DEVELOPMENT_LOCAL_PRACTICE", {}) or {}).get("conversion_vote_months")


def _with_steps(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.select_related("organization", "member").prefetch_related(
        Prefetch(
            "steps", queryset=Step.objects.select_related("vote").order_by("date", "number", "id")
        )
    )


def person_list(*, user: Any, organization: Organization) -> QuerySet[Person]:
    """The people in the pipeline of ``organization`` and below that ``user`` may view
    (development.view), with their steps. Filter it with ``filters.PersonFilter``. Raises
    ``PermissionDenied`` without development.view on the organization."""
    require(user, Action.DEVELOPMENT_VIEW, organization)
    return _with_steps(
        Person.objects.visible_to(user, Action.DEVELOPMENT_VIEW).in_subtree(organization)
    ).order_by("organization__path", "name", "id")


def person_get(*, user: Any, pk: int, action: str = Action.DEVELOPMENT_VIEW) -> Person:
    """One person with their steps and documents: ``Http404`` outside the user's view,
    ``PermissionDenied`` when in view but ``action`` is not allowed on the organization."""
    person = get_scoped(
        _with_steps(Person.objects.all()).prefetch_related("steps__documents", "introducers"),
        user,
        Action.DEVELOPMENT_VIEW,
        pk=pk,
    )
    if action != Action.DEVELOPMENT_VIEW:
        require(user, action, person.organization)
    return person


def step_get(*, user: Any, pk: int, action: str = Action.DEVELOPMENT_VIEW) -> Step:
    """One step (for attaching documents), scoped like ``person_get``."""
    step = get_scoped(
        Step.objects.select_related("person__organization"), user, Action.DEVELOPMENT_VIEW, pk=pk
    )
    if action != Action.DEVELOPMENT_VIEW:
        require(user, action, step.person.organization)
    return step


def document_get(*, user: Any, pk: int) -> Document:
    """One document for download, inside the user's development.view scope (else 404)."""
    return get_scoped(Document.objects.all(), user, Action.DEVELOPMENT_VIEW, pk=pk)


def dates_of(person: Person) -> dict[int, dt.date]:
    """{step number: date} from the prefetched steps."""
    return {s.number: s.date for s in person.steps.all() if s.number}


def next_step_of(person: Person) -> rules.NextStep | None:
    """The person's next step and its window (None when the development has ended)."""
    if person.status != rules.PersonStatus.ACTIVE:
        return None
    return rules.next_step(dates_of(person), person.probation_extension_months, _grace())


def can_see_personal(user: Any, person: Person) -> bool:
    """May ``user`` see the person's full ID number and phone (member.view_personal)?"""
    return can(user, Action.MEMBER_VIEW_PERSONAL, person.organization)


@dataclass(frozen=True)
class Deadline:
    person: Person
    step: rules.NextStep
    overdue: bool


def deadlines(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> list[Deadline]:
    """What is due this month and overdue in the pipeline of ``organization`` and below:
    each active person whose next step's last allowed date is on or before the end of this
    month (talks, approvals, conversions), overdue first then by date."""
    today = today or timezone.localdate()
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    rows = []
    for person in person_list(user=user, organization=organization).filter(
        status=rules.PersonStatus.ACTIVE
    ):
        step = next_step_of(person)
        if step is not None and rules.due_in_month(step, today.replace(day=1), last):
            rows.append(Deadline(person, step, step.overdue(today)))
    rows.sort(key=lambda d: (not d.overdue, d.step.latest, d.person.name))
    return rows


def pipeline_counts(
    *, user: Any, organization: Organization, action: str = Action.DEVELOPMENT_VIEW
) -> dict[str, int]:
    """People in development per stage in ``organization`` and below, for the dashboard:
    {Stage value: count} for every stage (0 when none), active people only, plus
    ``"disqualified"`` and ``"completed"``. Counts only, so the dashboard asks with
    ``action=dashboard.view``. Raises ``PermissionDenied`` without ``action`` on the
    organization."""
    require(user, action, organization)
    counts = {stage: 0 for stage in rules.Stage.values}
    counts["disqualified"] = 0
    counts["completed"] = 0
    rows = (
        Person.objects.visible_to(user, action)
        .in_subtree(organization)
        .values_list("stage", "status")
    )
    for stage, status in rows:
        if status == rules.PersonStatus.ACTIVE:
            counts[stage] += 1
        else:
            counts[status] += 1
    return counts


def general_meetings(*, user: Any, person: Person) -> QuerySet[Meeting]:
    """Held general meetings of the person's branch where a vote on them may be recorded,
    newest first (meeting.manage is checked by the vote service's caller)."""
    return (
        Meeting.objects.visible_to(user, Action.MEETING_VIEW)
        .filter(organization=person.organization, state=Meeting.State.HELD)
        .filter(kind=Kind.GENERAL_MEETING)
        .order_by("-date")
        | Meeting.objects.visible_to(user, Action.MEETING_VIEW).filter(
            organization=person.organization,
            state=Meeting.State.HELD,
            also_counts_as=Kind.GENERAL_MEETING,
        )
    ).order_by("-date")


def calendar_deadlines(user: Any, since: dt.date, until: dt.date) -> list[Deadline]:
    """Deadlines of the pipeline for the calendar feed of ``user``: the next step's last
    allowed date of every active person where the user may manage development, within
    ``since``..``until``. The feed's owner reads what their grants allow."""
    paths = paths_for(user, Action.DEVELOPMENT_MANAGE)
    if paths == []:
        return []
    today = timezone.localdate()
    rows = []
    qs = _with_steps(
        Person.objects.visible_to(user, Action.DEVELOPMENT_MANAGE).filter(
            status=rules.PersonStatus.ACTIVE
        )
    )
    for person in qs:
        step = next_step_of(person)
        if step is not None and step.latest is not None and since <= step.latest <= until:
            rows.append(Deadline(person, step, step.overdue(today)))
    return rows


def member_history(*, user: Any, member: Any) -> list[Step]:
    """The development steps behind a member's record (empty when none are recorded)."""
    return list(
        Step.objects.visible_to(user, Action.DEVELOPMENT_VIEW)
        .select_related("person")
        .filter(person__member=member)
        .order_by("date", "number", "id")
    )
