"""Reads of members, always starting from the scoped queryset."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, scope
from branchwork.members import rules
from branchwork.members.models import CorrectionRequest, Member
from branchwork.organizations.models import Organization

PROBATION_WARNING_DAYS = 30


def members_visible(user: Any, action: str = Action.MEMBER_VIEW) -> QuerySet[Member]:
    return scope(Member.objects.all(), user, action)


def in_org(org: Organization) -> Q:
    """Members of ``org`` and everything under it; for a party group, its members."""
    if org.org_type == "party_group":
        return Q(party_group=org)
    return Q(organization__path__startswith=org.path)


def member_list(user: Any, org: Organization) -> QuerySet[Member]:
    """Members on the roll of ``org`` and the organizations under it, for the list page,
    the API and the export: one query whatever the number of members."""
    return (
        members_visible(user)
        .filter(in_org(org))
        .select_related("organization", "party_group")
        .order_by("name_pinyin", "id")
    )


def member_get(user: Any, pk: int) -> Member:
    return get_scoped(
        Member.objects.select_related("organization", "party_group", "user"),
        user,
        Action.MEMBER_VIEW,
        pk=pk,
    )


def member_of_user(user: Any) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("organization", "party_group").filter(user=user).first()


def party_groups_of(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=org.path, org_type="party_group").order_by(
        "path"
    )


def can_see_personal(user: Any, member: Member) -> bool:
    return can(user, Action.MEMBER_VIEW_PERSONAL, member.organization)


@dataclass
class RollCounts:
    total: int
    full: int
    probationary: int


def roll_counts(org: Organization) -> RollCounts:
    """Members on the roll (normal, mobile, lost contact, suspended) in the subtree: 1 query."""
    counts = Member.objects.filter(in_org(org), status__in=rules.ON_ROLL_STATUSES).aggregate(
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


def probation_watch(org: Organization, today: dt.date | None = None) -> list[ProbationDue]:
    """Probationary members whose probation ends within 30 days or has ended without a
    conversion decision (党章 Art. 7: the branch must decide when the year is up)."""
    today = today or timezone.localdate()
    rows = []
    for member in Member.objects.filter(
        in_org(org),
        category=rules.Category.PROBATIONARY,
        status__in=rules.ON_ROLL_STATUSES,
    ).select_related("organization"):
        ends = member.probation_end
        days = (ends - today).days
        if days <= PROBATION_WARNING_DAYS:
            rows.append(ProbationDue(member=member, ends_on=ends, days_left=days))
    return sorted(rows, key=lambda r: r.ends_on)


def pending_corrections(user: Any, org: Organization) -> QuerySet[CorrectionRequest]:
    return (
        scope(CorrectionRequest.objects.all(), user, Action.MEMBER_MANAGE)
        .filter(member__organization__path__startswith=org.path, state="pending")
        .select_related("member", "requested_by")
    )


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


def statistics(org: Organization, today: dt.date | None = None) -> Statistics:
    """Counts of members on the roll in the subtree, in the usual party-statistics layout.
    One query: the small columns of every member are read once and counted in Python."""
    today = today or timezone.localdate()
    rows = list(
        Member.objects.filter(in_org(org), status__in=rules.ON_ROLL_STATUSES).values_list(
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
