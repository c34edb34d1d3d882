"""Every read of study: records, sessions, plans, the materials library, each member's
progress against the yearly requirement (``rules.yearly_requirement`` / ``rules.assess``),
the warnings for members behind, the member's own progress, and the summary other modules
use (``progress_summary``). Reads start from ``visible_to(user, action)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, paths_for, require
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Committee, Organization
from branchwork.study import rules
from branchwork.study.models import (
    Evidence,
    Material,
    MaterialRead,
    PlanItem,
    StudyPlan,
    StudyRecord,
    StudySession,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class StudySettings:
    """The installation's choices where the rules leave room (``rules`` module docstring)."""

    centralised_for: frozenset[str]
    unit_hours: dict[str, Decimal]
    warn_from_month: int
    prorate: bool


def study_settings() -> StudySettings:
    """STUDY_CENTRALISED_FOR, STUDY_UNIT_HOURS, STUDY_WARN_FROM_MONTH and
    STUDY_PRORATE_NEW_MEMBERS from the Django settings, else the defaults in ``rules``."""
    units = getattr(settings, "STUDY_UNIT_HOURS", None) or rules.UNIT_HOURS
    return StudySettings(
        centralised_for=frozenset(
            getattr(settings, "STUDY_CENTRALISED_FOR", rules.CENTRALISED_FOR)
        ),
        unit_hours={k: Decimal(str(v)) for k, v in units.items()},
        warn_from_month=int(getattr(settings, "STUDY_WARN_FROM_MONTH", rules.WARN_FROM_MONTH)),
        prorate=bool(getattr(settings, "STUDY_PRORATE_NEW_MEMBERS", rules.PRORATE_NEW_MEMBERS)),
    )


# --- Records and sessions ---------------------------------------------------------------------


def record_list(*, user: Any, organization: Organization) -> QuerySet[StudyRecord]:
    """Study records of members in ``organization``'s subtree that ``user`` may see
    (study.view), newest first, with member and session (the ledger, page, API, export)."""
    return (
        StudyRecord.objects.visible_to(user, Action.STUDY_VIEW)
        .in_subtree(organization)
        .select_related("member", "member__organization", "session")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-date", "member__name_pinyin", "-id")
    )


def record_get(*, user: Any, pk: int, action: str = Action.STUDY_VIEW) -> StudyRecord:
    """One record (404 outside study.view; 403 without ``action`` on its organization). The
    member whose record it is reads it too."""
    record = (
        StudyRecord.objects.select_related("member", "member__organization", "session")
        .filter(pk=pk, member__user=user)
        .first()
        if getattr(user, "is_authenticated", False) and action == Action.STUDY_VIEW
        else None
    )
    if record is not None:
        return record
    record = get_scoped(
        StudyRecord.objects.select_related("member", "member__organization", "session"),
        user,
        Action.STUDY_VIEW,
        pk=pk,
    )
    if action != Action.STUDY_VIEW:
        require(user, action, record.member.organization)
    return record


def evidence_get(*, user: Any, pk: int) -> Evidence:
    """One evidence file: for study.view on the member's organization, or the member's own."""
    own = (
        Evidence.objects.filter(pk=pk, record__member__user=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    return own or get_scoped(Evidence.objects.all(), user, Action.STUDY_VIEW, pk=pk)


def session_list(*, user: Any, organization: Organization) -> QuerySet[StudySession]:
    """Collective study sessions in ``organization``'s subtree, with the meeting and the
    number of participants."""
    return (
        StudySession.objects.visible_to(user, Action.STUDY_VIEW)
        .in_subtree(organization)
        .select_related("organization", "meeting")
        .annotate(participants=Count("records"))
        .order_by("-date", "-id")
    )


def session_get(*, user: Any, pk: int, action: str = Action.STUDY_VIEW) -> StudySession:
    """One session (404 outside study.view, 403 without ``action``)."""
    session = get_scoped(
        StudySession.objects.select_related("organization", "meeting"),
        user,
        Action.STUDY_VIEW,
        pk=pk,
    )
    if action != Action.STUDY_VIEW:
        require(user, action, session.organization)
    return session


def session_meetings(*, user: Any, organization: Organization, year: int) -> list[Any]:
    """Held meetings that can carry a collective study session (``rules.SESSION_MEETING_KINDS``)
    in ``organization``'s subtree in ``year``, newest first (the session form's choices)."""
    from branchwork.meetings.models import Meeting

    kinds = rules.SESSION_MEETING_KINDS
    return list(
        Meeting.objects.visible_to(user, Action.MEETING_VIEW)
        .in_subtree(organization)
        .filter(Q(kind__in=kinds) | Q(also_counts_as__in=kinds))
        .filter(state=Meeting.State.HELD, date__year=year)
        .select_related("organization")
        .order_by("-date", "-id")
    )


# --- Plans and materials ----------------------------------------------------------------------


def plan_for(*, user: Any, organization: Organization, year: int) -> StudyPlan | None:
    """``organization``'s own plan for ``year`` with its topics and their materials, or None."""
    return (
        StudyPlan.objects.visible_to(user, Action.STUDY_VIEW)
        .filter(organization=organization, year=year)
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.prefetch_related("materials", "sessions"))
        )
        .first()
    )


def plan_item_get(*, user: Any, pk: int) -> PlanItem:
    """One plan topic, for changing it (404 outside, 403 without study.manage)."""
    item = get_scoped(
        PlanItem.objects.select_related("plan__organization"), user, Action.STUDY_VIEW, pk=pk
    )
    require(user, Action.STUDY_MANAGE, item.plan.organization)
    return item


def material_list(*, user: Any, organization: Organization) -> QuerySet[Material]:
    """The library an organization's members use: its own materials and those of the
    organizations above it (a higher committee shares its materials down), by topic, with how
    many members read each. Raises ``PermissionDenied`` without study.view on
    ``organization``."""
    require(user, Action.STUDY_VIEW, organization)
    paths = [organization.path, *organization.ancestor_paths()]
    return (
        Material.objects.filter(organization__path__in=paths)
        .select_related("organization")
        .annotate(read_count=Count("reads"))
        .order_by("topic", "-added_on", "id")
    )


def _material_shared_with(user: Any, material: Material) -> bool:
    """Is ``material`` in the scope of the user's study.view grants, or above one of them
    (shared down), or in the library of the user's own organization?"""
    paths = paths_for(user, Action.STUDY_VIEW)
    if paths is None:
        return True
    own = _own_member(user)
    if own is not None:
        paths = [*paths, own.organization.path]
    where = material.organization.path
    return any(where.startswith(p) or p.startswith(where) for p in paths)


def material_get(*, user: Any, pk: int, action: str = Action.STUDY_VIEW) -> Material:
    """One material of a library the user reads (``_material_shared_with``: 404 otherwise);
    403 without ``action`` on its organization for changes."""
    material = Material.objects.select_related("organization").filter(pk=pk).first()
    if material is None or not _material_shared_with(user, material):
        raise Http404
    if action != Action.STUDY_VIEW:
        require(user, action, material.organization)
    return material


def material_readers(*, user: Any, material: Material) -> list[tuple[Member, MaterialRead | None]]:
    """Who of the material organization's members on the roll (visible to ``user``) has read
    it: (member, the read mark or None), readers first."""
    reads = {r.member_id: r for r in material.reads.all()}
    members = (
        Member.objects.visible_to(user, Action.STUDY_VIEW)
        .in_subtree(material.organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .order_by("name_pinyin")
    )
    rows = [(m, reads.get(m.pk)) for m in members]
    return sorted(rows, key=lambda r: r[1] is None)


# --- Progress ---------------------------------------------------------------------------------


@dataclass
class MemberProgress:
    """One member's year: the requirement, the hours by form, and the verdict."""

    member: Member
    requirement: rules.Requirement
    progress: rules.Progress
    by_form: dict[str, Decimal]


def _leaders(org_ids: set[int], year: int) -> dict[int, set[str]]:
    """Names holding a post in a committee of each organization in office during ``year``."""
    rows = Committee.objects.filter(
        organization_id__in=org_ids,
        term_start__lte=dt.date(year, 12, 31),
        term_end__gte=dt.date(year, 1, 1),
    ).values_list("organization_id", "posts__holder_name")
    found: dict[int, set[str]] = {}
    for org_id, name in rows:
        if name:
            found.setdefault(org_id, set()).add(name)
    return found


def _assess_members(
    members: list[Member], year: int, today: dt.date, conf: StudySettings
) -> list[MemberProgress]:
    """Progress of each of ``members`` (already scoped by the caller): three queries."""
    if not members:
        return []
    ids = [m.pk for m in members]
    sums: dict[int, dict[str, Decimal]] = {}
    for member_id, form, hours in (
        StudyRecord.objects.filter(member_id__in=ids, date__year=year, date__lte=today)
        .values_list("member_id", "form")
        .annotate(total=Sum("hours"))
        .values_list("member_id", "form", "total")
    ):
        sums.setdefault(member_id, {})[form] = hours or ZERO
    leaders = _leaders({m.organization_id for m in members}, year)
    rows = []
    for member in members:
        requirement = rules.yearly_requirement(
            year=year,
            admitted_on=member.admitted_on,
            converted_on=member.converted_on,
            category=member.category,
            leader=member.name in leaders.get(member.organization_id, set()),
            centralised_for=conf.centralised_for,
            prorate=conf.prorate,
        )
        by_form = sums.get(member.pk, {})
        progress = rules.assess(
            requirement,
            done=sum(by_form.values(), ZERO),
            centralised_done=by_form.get(rules.Form.CENTRALISED, ZERO) > 0,
            year=year,
            today=today,
            warn_from_month=conf.warn_from_month,
        )
        rows.append(MemberProgress(member, requirement, progress, by_form))
    return rows


def _members_of_year(qs: QuerySet[Member], year: int) -> QuerySet[Member]:
    return qs.filter(status__in=ON_ROLL_STATUSES, admitted_on__lte=dt.date(year, 12, 31))


def progress_list(
    *,
    user: Any,
    organization: Organization,
    year: int,
    today: dt.date | None = None,
    action: str = Action.STUDY_VIEW,
) -> list[MemberProgress]:
    """Every member on the roll in ``organization``'s subtree admitted by the end of ``year``,
    with their progress seen on ``today`` (default: today), behind first. Raises
    ``PermissionDenied`` without study.view on ``organization``. Four queries."""
    require(user, action, organization)
    today = today or timezone.localdate()
    members = list(
        _members_of_year(
            Member.objects.visible_to(user, action).in_subtree(organization),
            year,
        ).select_related("organization")
    )
    rows = _assess_members(members, year, today, study_settings())
    order = {s: i for i, s in enumerate(["not_met", "behind", "in_progress", "on_track", "met"])}
    rows.sort(key=lambda r: (order[r.progress.status], r.member.name_pinyin))
    return rows


@dataclass(frozen=True)
class ProgressSummary:
    """Members counted, how many met the requirement, how many are behind (warned), and the
    total hours recorded, for a year seen on a day."""

    year: int
    counted: int
    met: int
    behind: int
    total_hours: Decimal

    @property
    def met_rate(self) -> int | None:
        return round(self.met * 100 / self.counted) if self.counted else None


def progress_summary(
    *,
    user: Any,
    organization: Organization,
    year: int,
    today: dt.date | None = None,
    action: str = Action.STUDY_VIEW,
) -> ProgressSummary:
    """For the lead's dashboard and the standardization evidence: in ``organization``'s
    subtree, ``counted`` members on the roll in ``year``, ``met`` the yearly requirement
    (hours and any centralised training), ``behind`` (warned: from the last quarter, or the
    year over and not met), and ``total_hours`` recorded in the year up to ``today``. Raises
    ``PermissionDenied`` without ``action`` (study.view; the dashboard, which shows counts only,
    asks with dashboard.view) on ``organization``."""
    rows = progress_list(
        user=user, organization=organization, year=year, today=today, action=action
    )
    return ProgressSummary(
        year=year,
        counted=len(rows),
        met=sum(1 for r in rows if r.progress.status == rules.Status.MET),
        behind=sum(1 for r in rows if r.progress.warn),
        total_hours=sum((r.progress.done for r in rows), ZERO),
    )


def behind_warnings(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> list[MemberProgress]:
    """The secretary's home: members of ``organization``'s subtree behind this year from the
    warning month on (``STUDY_WARN_FROM_MONTH``), and in January the ones who ended last year
    short. Empty before the warning month or without study.view."""
    from branchwork.core.scoping import can

    if not can(user, Action.STUDY_VIEW, organization):
        return []
    today = today or timezone.localdate()
    year = today.year if today.month >= study_settings().warn_from_month else None
    if year is None and today.month == 1:
        year = today.year - 1
    if year is None:
        return []
    return [
        r
        for r in progress_list(user=user, organization=organization, year=year, today=today)
        if r.progress.warn
    ]


def _own_member(user: Any) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.select_related("organization")
        .filter(user=user, status__in=ON_ROLL_STATUSES)
        .first()
    )


def my_progress(*, user: Any, year: int, today: dt.date | None = None) -> MemberProgress | None:
    """The signed-in ``user``'s own progress for ``year`` (a member reads their own study, no
    role needed), or None without a member record on the roll."""
    member = _own_member(user)
    if member is None or member.admitted_on > dt.date(year, 12, 31):
        return None
    rows = _assess_members([member], year, today or timezone.localdate(), study_settings())
    return rows[0]


def my_records(*, user: Any, year: int) -> QuerySet[StudyRecord]:
    """The signed-in ``user``'s own study records of ``year``, newest first."""
    return (
        StudyRecord.objects.filter(member__user=user, date__year=year)
        .select_related("session")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-date", "-id")
        if getattr(user, "is_authenticated", False)
        else StudyRecord.objects.none()
    )


def my_materials(*, user: Any) -> list[tuple[Material, bool]]:
    """The library of the ``user``'s own organization and those above it: (material, read by
    me), unread first."""
    member = _own_member(user)
    if member is None:
        return []
    paths = [member.organization.path, *member.organization.ancestor_paths()]
    materials = Material.objects.filter(organization__path__in=paths).order_by("topic", "-added_on")
    read = set(MaterialRead.objects.filter(member=member).values_list("material_id", flat=True))
    return sorted(((m, m.pk in read) for m in materials), key=lambda r: r[1])


def my_plan(*, user: Any, year: int) -> StudyPlan | None:
    """The study plan of the ``user``'s own organization for ``year``, or None."""
    member = _own_member(user)
    if member is None:
        return None
    return (
        StudyPlan.objects.filter(organization=member.organization, year=year)
        .prefetch_related("items__materials")
        .first()
    )


def home_block(
    *, user: Any, organization: Organization | None, today: dt.date | None = None
) -> dict[str, Any]:
    """What the home page shows of study: ``mine`` (the member's own progress this year) and
    ``behind`` (the warnings for ``organization``, with study.view)."""
    today = today or timezone.localdate()
    block: dict[str, Any] = {"mine": my_progress(user=user, year=today.year, today=today)}
    if organization is not None:
        block["behind"] = behind_warnings(user=user, organization=organization, today=today)
    return block


def members_for_study(
    *, user: Any, organization: Organization, action: str = Action.STUDY_MANAGE
) -> list[Member]:
    """Members on the roll in ``organization``'s subtree whose study ``user`` may record (the
    choices of the record and session forms), by pinyin."""
    return list(
        Member.objects.visible_to(user, action)
        .in_subtree(organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .select_related("organization")
        .order_by("name_pinyin", "id")
    )


def own_member(*, user: Any) -> Member | None:
    """The signed-in ``user``'s member record on the roll (their own study), or None."""
    return _own_member(user)


def member_for_study(*, user: Any, pk: int, action: str = Action.STUDY_VIEW) -> Member:
    """One member whose study ``user`` reads (404 outside study.view) or, with ``action``
    study.manage, records (403 when only viewing is allowed)."""
    member = get_scoped(
        Member.objects.select_related("organization"), user, Action.STUDY_VIEW, pk=pk
    )
    if action != Action.STUDY_VIEW:
        require(user, action, member.organization)
    return member
