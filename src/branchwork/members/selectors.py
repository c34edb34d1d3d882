"""Reads of members, always starting from the scoped queryset."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import ScopedQuerySet, can, get_scoped, require
from branchwork.members import rules
from branchwork.members.models import CorrectionRequest, Member
from branchwork.organizations.models import Organization


def members_visible(*, user: Any, action: str = Action.MEMBER_VIEW) -> ScopedQuerySet[Member]:
    """Every member ``user`` may do ``action`` on (``member.view`` by default)."""
    return Member.objects.visible_to(user, action)


def _of(members: ScopedQuerySet[Member], organization: Organization) -> QuerySet[Member]:
    """Members of ``organization`` and everything under it; for a party group, its members."""
    if organization.org_type == "party_group":
        return members.filter(party_group=organization)
    return members.in_subtree(organization)


def _on_roll(*, user: Any, organization: Organization) -> QuerySet[Member]:
    """The members on the roll of ``organization``'s subtree that ``user`` may see, after
    checking that ``user`` may see members there (``PermissionDenied`` otherwise)."""
    require(user, Action.MEMBER_VIEW, organization)
    return _of(members_visible(user=user), organization).filter(status__in=rules.ON_ROLL_STATUSES)


def member_list(*, user: Any, organization: Organization) -> QuerySet[Member]:
    """Members on the roll of ``organization`` and the organizations under it, for the list
    page, the API and the export (filtered by ``MemberFilter``): one query whatever the number
    of members. Raises ``PermissionDenied`` unless ``user`` may see members there."""
    require(user, Action.MEMBER_VIEW, organization)
    return (
        _of(members_visible(user=user), organization)
        .select_related("organization", "party_group")
        .order_by("name_pinyin", "id")
    )


def member_get(*, user: Any, pk: int, action: str = Action.MEMBER_VIEW) -> Member:
    """One member for the page and the API alike: ``Http404`` outside the user's scope for
    ``member.view``, ``PermissionDenied`` in scope when ``action`` is not allowed there."""
    member = get_scoped(
        Member.objects.select_related("organization", "party_group", "user"),
        user,
        Action.MEMBER_VIEW,
        pk=pk,
    )
    if action != Action.MEMBER_VIEW:
        require(user, action, member.organization)
    return member


def member_of_user(user: Any) -> Member | None:
    """The signed-in user's own member record (a member reads their own), or None."""
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("organization", "party_group").filter(user=user).first()


def party_group_list(*, user: Any, organization: Organization) -> QuerySet[Organization]:
    """The party groups in ``organization``'s subtree that ``user`` may see, in tree order
    (the choices of the member filter)."""
    return (
        Organization.objects.visible_to(user, Action.ORG_VIEW)
        .in_subtree(organization)
        .filter(org_type="party_group")
        .order_by("path")
    )


def transfer_targets(*, user: Any, member: Member) -> QuerySet[Organization]:
    """The organizations in Branchwork that can receive ``member`` by transfer: every branch
    and general branch of the installation except the member's own, in tree order.

    Deliberately not scoped to the user: any branch can receive a member (its name is not
    confidential); once moved, the member is on the receiving branch's roll and out of this
    one's scope. Raises ``PermissionDenied`` unless ``user`` may manage ``member``.
    """
    require(user, Action.MEMBER_MANAGE, member.organization)
    return (
        Organization.objects.filter(org_type__in=["branch", "general_branch"])
        .exclude(pk=member.organization_id)
        .order_by("path")
    )


def can_see_personal(user: Any, member: Member) -> bool:
    """Whether ``user`` may see ``member``'s full ID number and phone (``member.personal``)."""
    return can(user, Action.MEMBER_VIEW_PERSONAL, member.organization)


@dataclass
class RollCounts:
    total: int
    full: int
    probationary: int


def roll_counts(*, user: Any, organization: Organization) -> RollCounts:
    """Members on the roll (normal, mobile, lost contact, suspended) in the subtree: 1 query.

    Raises ``PermissionDenied`` unless ``user`` may see members of ``organization``.
    """
    return _count_roll(_on_roll(user=user, organization=organization))


def roll_figures(*, user: Any, organization: Organization) -> RollCounts:
    """``roll_counts`` for the dashboards (``dashboard.view``: the department leader sees the
    branch's party-building figures, 党建工作): counts only, never a name or a record; one
    query. Raises ``PermissionDenied`` without ``dashboard.view`` on ``organization``."""
    require(user, Action.DASHBOARD_VIEW, organization)
    members = _of(members_visible(user=user, action=Action.DASHBOARD_VIEW), organization)
    return _count_roll(members.filter(status__in=rules.ON_ROLL_STATUSES))


def _count_roll(members: QuerySet[Member]) -> RollCounts:
    counts = members.aggregate(
        total=Count("id"),
        full=Count("id", filter=Q(category=rules.Category.FULL)),
        probationary=Count("id", filter=Q(category=rules.Category.PROBATIONARY)),
    )
    return RollCounts(**counts)


@dataclass
class ProbationDue:
    member: Member
    ends_on: dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)


def probation_watch(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> list[ProbationDue]:
    """Probationary members whose probation ends within ``rules.PROBATION_WARNING_DAYS`` days
    or has ended without a conversion decision (党章 Art. 7: the branch must decide when the
    year is up), soonest first. Raises ``PermissionDenied`` unless ``user`` may manage
    members of ``organization``."""
    require(user, Action.MEMBER_MANAGE, organization)
    today = today or timezone.localdate()
    rows = []
    for member in (
        _on_roll(user=user, organization=organization)
        .filter(category=rules.Category.PROBATIONARY)
        .select_related("organization")
    ):
        ends = member.probation_end
        if ends is not None and rules.probation_due(ends, today):
            rows.append(ProbationDue(member=member, ends_on=ends, days_left=(ends - today).days))
    return sorted(rows, key=lambda r: r.ends_on)


def pending_corrections(*, user: Any, organization: Organization) -> QuerySet[CorrectionRequest]:
    """Correction requests waiting for a decision in ``organization``'s subtree that ``user``
    may decide. Raises ``PermissionDenied`` unless ``user`` may manage members there."""
    require(user, Action.MEMBER_MANAGE, organization)
    return (
        CorrectionRequest.objects.visible_to(user, Action.MEMBER_MANAGE)
        .in_subtree(organization)
        .filter(state=CorrectionRequest.State.PENDING)
        .select_related("member", "requested_by")
    )


def my_pending_corrections(*, user: Any) -> list[CorrectionRequest]:
    """The signed-in ``user``'s own correction requests still waiting for a decision, oldest
    first (their phone home's next steps); empty for a user without a member record. One
    query; a member reads their own requests, so no role is needed."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        CorrectionRequest.objects.filter(
            member__user=user, state=CorrectionRequest.State.PENDING
        ).order_by("requested_at", "id")
    )


def correction_get(*, user: Any, pk: int) -> CorrectionRequest:
    """One correction request to decide: ``Http404`` outside the user's scope,
    ``PermissionDenied`` when ``user`` may not manage the member's organization."""
    correction = get_scoped(
        CorrectionRequest.objects.select_related("member__organization"),
        user,
        Action.MEMBER_VIEW,
        pk=pk,
    )
    require(user, Action.MEMBER_MANAGE, correction.member.organization)
    return correction


@dataclass
class Statistics:
    total: int
    by_category: list[tuple[str, int]]
    by_gender: list[tuple[str, int]]
    by_ethnicity: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    by_education: list[tuple[str, int]]
    by_standing: list[tuple[str, int]]
    minorities: int
    women: int


def statistics(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> Statistics:
    """Counts of members on the roll in the subtree, in the usual party-statistics layout
    (党内统计年报: ``rules.AGE_BANDS``, ``rules.STANDING_BANDS``). One query: the small columns
    of every member are read once and counted in Python. Raises ``PermissionDenied`` unless
    ``user`` may see members of ``organization``."""
    today = today or timezone.localdate()
    rows = list(
        _on_roll(user=user, organization=organization).values_list(
            "category", "gender", "ethnicity", "birth_date", "education", "converted_on"
        )
    )
    category = Counter(r[0] for r in rows)
    gender = Counter(r[1] for r in rows)
    ethnicity = Counter(r[2] for r in rows)
    age = Counter(rules.band_of(rules.whole_years(r[3], today), rules.AGE_BANDS) for r in rows)
    education = Counter(r[4] or "" for r in rows)
    standing = Counter(
        rules.band_of(rules.whole_years(r[5], today), rules.STANDING_BANDS) for r in rows if r[5]
    )
    ethnic_labels = dict(rules.ETHNICITY_CHOICES)
    return Statistics(
        total=len(rows),
        by_category=[(str(label), category[value]) for value, label in rules.Category.choices],
        by_gender=[(str(label), gender[value]) for value, label in rules.Gender.choices],
        by_ethnicity=[(str(ethnic_labels[code]), n) for code, n in sorted(ethnicity.items()) if n],
        by_age=[(label, age[label]) for label, _u in rules.AGE_BANDS],
        by_education=[(str(label), education[value]) for value, label in rules.Education.choices]
        + ([("—", education[""])] if education[""] else []),
        by_standing=[(label, standing[label]) for label, _u in rules.STANDING_BANDS],
        minorities=sum(n for code, n in ethnicity.items() if code != rules.HAN),
        women=gender[rules.Gender.FEMALE],
    )
