"""Reads for activities, mass organizations, hours, caring visits and the caring fund.

Every function that serves a page, the API or an export takes the acting ``user`` and starts
from the read door (``visible_to``) or calls ``require`` on the organization first. Caring
visits and the fund are read with care.view only: they hold health and family circumstances.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from branchwork.activities import rules
from branchwork.activities.models import (
    Activity,
    ActivityPhoto,
    CaringVisit,
    FundEntry,
    MassOrganization,
    MassOrgMembership,
    Participant,
    Staff,
)
from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, require, subtree_q
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.members.selectors import member_of_user
from branchwork.organizations.models import Organization

# --- Activities ------------------------------------------------------------------------------


def _with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("organization", "mass_org").annotate(
        signed_up=Count("participants", distinct=True),
        checked_in=Count(
            "participants",
            filter=Q(participants__checked_in_at__isnull=False),
            distinct=True,
        ),
    )


def activity_list(*, user: Any, organization: Organization) -> QuerySet[Activity]:
    """The activities of ``organization`` and below that ``user`` may view, newest first, each
    annotated with ``signed_up`` and ``checked_in``. Filter it with
    ``filters.ActivityFilter``. Raises ``PermissionDenied`` without activities.view on it."""
    require(user, Action.ACTIVITIES_VIEW, organization)
    return _with_counts(
        Activity.objects.visible_to(user, Action.ACTIVITIES_VIEW).in_subtree(organization)
    ).order_by("-date", "-id")


def activity_get(*, user: Any, pk: int, action: str = Action.ACTIVITIES_VIEW) -> Activity:
    """One activity annotated as in ``activity_list``. ``Http404`` outside what ``user`` may
    view; ``PermissionDenied`` when ``action`` is not allowed on its organization."""
    activity = get_scoped(_with_counts(Activity.objects.all()), user, Action.ACTIVITIES_VIEW, pk=pk)
    if action != Action.ACTIVITIES_VIEW:
        require(user, action, activity.organization)
    return activity


def participants_of(activity: Activity) -> list[Participant]:
    """The participants of an activity already reached through ``activity_get``: party members
    first, then staff, each by name."""
    rows = list(activity.participants.select_related("member", "staff"))
    return sorted(rows, key=lambda p: (not p.is_member, str(p.person)))


def participant_get(*, user: Any, pk: int) -> Participant:
    """One participant of an activity ``user`` may manage (activities.manage); ``Http404``
    outside their view, ``PermissionDenied`` without the right."""
    participant = get_scoped(
        Participant.objects.select_related("activity__organization", "member", "staff"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )
    require(user, Action.ACTIVITIES_MANAGE, participant.activity.organization)
    return participant


def photo_get(*, user: Any, pk: int) -> ActivityPhoto:
    """One photo of an activity ``user`` may view (activities.view); ``Http404`` otherwise."""
    return get_scoped(
        ActivityPhoto.objects.select_related("activity__organization"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )


def my_participation(*, user: Any, activity: Activity) -> Participant | None:
    """The signed-in user's own row on ``activity`` (through their member record), or None."""
    member = member_of_user(user)
    if member is None:
        return None
    return activity.participants.filter(member=member).first()


def people_choices(
    *, user: Any, organization: Organization, action: str = Action.ACTIVITIES_MANAGE
) -> tuple[QuerySet[Member], QuerySet[Staff]]:
    """The members on the roll and the staff of ``organization`` and below, for choosing
    participants, mass-organization members or the person visited. Raises
    ``PermissionDenied`` without ``action`` on the organization."""
    require(user, action, organization)
    members = (
        Member.objects.visible_to(user, action)
        .in_subtree(organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .order_by("name_pinyin")
    )
    staff = Staff.objects.visible_to(user, action).in_subtree(organization)
    return members, staff


# --- Mass organizations ----------------------------------------------------------------------


def mass_org_list(*, user: Any, organization: Organization) -> QuerySet[MassOrganization]:
    """The mass organizations led by ``organization`` and below, with ``people`` and
    ``activity_count`` counts."""
    require(user, Action.ACTIVITIES_VIEW, organization)
    return (
        MassOrganization.objects.visible_to(user, Action.ACTIVITIES_VIEW)
        .in_subtree(organization)
        .select_related("organization")
        .annotate(
            people=Count("memberships", distinct=True),
            activity_count=Count("activities", distinct=True),
        )
    )


def mass_org_get(*, user: Any, pk: int, action: str = Action.ACTIVITIES_VIEW) -> MassOrganization:
    """One mass organization; ``Http404`` outside view, ``PermissionDenied`` without
    ``action``."""
    mass_org = get_scoped(
        MassOrganization.objects.select_related("organization"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )
    if action != Action.ACTIVITIES_VIEW:
        require(user, action, mass_org.organization)
    return mass_org


def memberships_of(mass_org: MassOrganization) -> list[MassOrgMembership]:
    """The people of a mass organization reached through ``mass_org_get``."""
    rows = list(mass_org.memberships.select_related("member", "staff"))
    return sorted(rows, key=lambda m: (m.member_id is None, str(m.person)))


def membership_get(*, user: Any, pk: int) -> MassOrgMembership:
    """One membership of a mass organization ``user`` may manage."""
    membership = get_scoped(
        MassOrgMembership.objects.select_related("mass_org__organization", "member", "staff"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )
    require(user, Action.ACTIVITIES_MANAGE, membership.mass_org.organization)
    return membership


def staff_list(*, user: Any, organization: Organization) -> QuerySet[Staff]:
    """The staff (not party members) of ``organization`` and below."""
    require(user, Action.ACTIVITIES_VIEW, organization)
    return Staff.objects.visible_to(user, Action.ACTIVITIES_VIEW).in_subtree(organization)


# --- Hours -----------------------------------------------------------------------------------


@dataclass
class PersonHours:
    """One person's activity hours in a year."""

    name: str
    is_member: bool
    member_id: int | None
    staff_id: int | None
    study: Decimal = Decimal("0")
    volunteer: Decimal = Decimal("0")
    total: Decimal = Decimal("0")
    activities: int = 0


def _attended(user: Any, organization: Organization, year: int) -> QuerySet[Participant]:
    require(user, Action.ACTIVITIES_VIEW, organization)
    return (
        Participant.objects.visible_to(user, Action.ACTIVITIES_VIEW)
        .filter(
            activity__date__year=year,
            checked_in_at__isnull=False,
        )
        .filter(subtree_q("activity__organization__path", organization))
        .exclude(activity__state=Activity.State.CANCELLED)
        .select_related("activity", "member", "staff")
    )


def hours_by_person(*, user: Any, organization: Organization, year: int) -> list[PersonHours]:
    """Every person's attended hours in ``year`` in ``organization`` and below: study hours
    (activities that count as study), volunteer service hours (volunteer activities) and all
    hours, most hours first. Only checked-in participation counts (``rules.credited_hours``)."""
    people: dict[tuple[str, int | None], PersonHours] = {}
    for p in _attended(user, organization, year):
        key = ("m", p.member_id) if p.member_id else ("s", p.staff_id)
        row = people.get(key)
        if row is None:
            row = people[key] = PersonHours(
                name=str(p.person),
                is_member=p.member_id is not None,
                member_id=p.member_id,
                staff_id=p.staff_id,
            )
        hours = rules.credited_hours(p.activity.hours, p.hours, True)
        row.total += hours
        row.activities += 1
        if p.activity.counts_as_study:
            row.study += hours
        if p.activity.kind == rules.Kind.VOLUNTEER:
            row.volunteer += hours
    return sorted(people.values(), key=lambda r: (-r.total, r.name))


def study_hours(*, user: Any, organization: Organization, year: int) -> dict[int, Decimal]:
    """Study hours per party member (member id → hours, 1 hour = 1 学时) in ``year`` from the
    activities of ``organization`` and below that count as study and that the member attended
    (checked in). Members without any are left out. For the study module's yearly totals."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for p in _attended(user, organization, year).filter(
        member__isnull=False, activity__counts_as_study=True
    ):
        if p.member_id is not None:
            totals[p.member_id] += rules.credited_hours(p.activity.hours, p.hours, True)
    return dict(totals)


def volunteer_hours(*, user: Any, organization: Organization, year: int) -> list[PersonHours]:
    """The people with volunteer service hours in ``year``, most first."""
    rows = hours_by_person(user=user, organization=organization, year=year)
    return sorted((r for r in rows if r.volunteer), key=lambda r: (-r.volunteer, r.name))


# --- Caring visits and the fund --------------------------------------------------------------


def caring_visit_list(*, user: Any, organization: Organization) -> QuerySet[CaringVisit]:
    """The caring visits of ``organization`` and below; care.view only (health is personal
    data). Filter it with ``filters.CaringVisitFilter``."""
    require(user, Action.CARE_VIEW, organization)
    return (
        CaringVisit.objects.visible_to(user, Action.CARE_VIEW)
        .in_subtree(organization)
        .select_related("organization")
    )


def caring_visit_get(*, user: Any, pk: int, action: str = Action.CARE_VIEW) -> CaringVisit:
    """One caring visit: ``Http404`` for anyone without care.view on it (its existence is
    personal data too), ``PermissionDenied`` without ``action``."""
    visit = get_scoped(
        CaringVisit.objects.select_related("organization"), user, Action.CARE_VIEW, pk=pk
    )
    if action != Action.CARE_VIEW:
        require(user, action, visit.organization)
    return visit


@dataclass
class Ledger:
    """One organization's caring fund: its rows with the running balance, and the check."""

    organization: Organization
    rows: list[tuple[FundEntry, Decimal]] = field(default_factory=list)
    reconciliation: rules.Reconciliation | None = None


def fund_ledger(*, user: Any, organization: Organization) -> Ledger:
    """The caring fund of ``organization`` itself (each organization keeps its own), oldest row
    first with the balance after each, and its reconciliation against the visits
    (``rules.reconcile``). care.view only."""
    require(user, Action.CARE_VIEW, organization)
    entries = list(
        FundEntry.objects.visible_to(user, Action.CARE_VIEW).filter(organization=organization)
    )
    balance = Decimal("0")
    rows = []
    for entry in entries:
        balance += entry.signed_amount
        rows.append((entry, balance))
    visit_money = dict(
        CaringVisit.objects.visible_to(user, Action.CARE_VIEW)
        .filter(organization=organization)
        .values_list("id", "money")
    )
    check = rules.reconcile(
        [rules.FundRow(e.kind, e.amount, e.visit_id) for e in entries], visit_money
    )
    return Ledger(organization=organization, rows=rows, reconciliation=check)


def fund_entry_get(*, user: Any, pk: int) -> FundEntry:
    """One ledger row ``user`` may change (care.manage)."""
    row = get_scoped(
        FundEntry.objects.select_related("organization"), user, Action.CARE_VIEW, pk=pk
    )
    require(user, Action.CARE_MANAGE, row.organization)
    return row


def follow_ups_open(*, user: Any, organization: Organization) -> QuerySet[CaringVisit]:
    """Visits with a follow-up still to do (the home page's reminder); care.view only."""
    return (
        caring_visit_list(user=user, organization=organization)
        .filter(follow_up_done=False)
        .exclude(follow_up="")
    )


@dataclass
class HomeSummary:
    """What the home page shows for activities: the next ones, and open caring follow-ups
    (counted only for care.view)."""

    coming: list[Activity]
    follow_ups: int


def home_summary(*, user: Any, organization: Organization) -> HomeSummary:
    """The next five activities of ``organization`` and below from today (not cancelled) and,
    for care.view, how many caring visits have a follow-up still to do."""
    from django.utils import timezone

    coming = list(
        activity_list(user=user, organization=organization)
        .filter(date__gte=timezone.localdate())
        .exclude(state=Activity.State.CANCELLED)
        .order_by("date", "id")[:5]
    )
    follow_ups = (
        follow_ups_open(user=user, organization=organization).count()
        if can(user, Action.CARE_VIEW, organization)
        else 0
    )
    return HomeSummary(coming=coming, follow_ups=follow_ups)
