"""Reads for the rules library: the library of an organization with each rule's version in
force, one rule with its history and differences, who has and has not acknowledged a version,
a member's unread rules, the search, and the acknowledgment rate for the standardization
evidence and the dashboard.

Every function that takes the acting ``user`` starts from the read door (``visible_to``) or
checks the organization with ``require`` first; each runs a fixed number of queries whatever
the size of the library."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, require, subtree_q
from branchwork.meetings.models import Meeting
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.members.selectors import member_of_user
from branchwork.organizations.models import Organization
from branchwork.regulations import rules
from branchwork.regulations.models import (
    Acknowledgment,
    Regulation,
    RegulationAttachment,
    RegulationVersion,
    Reminder,
)
from branchwork.regulations.rules import AckRate, State


def _in_force() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=RegulationVersion.objects.filter(state=State.ADOPTED)
        .select_related("adopted_by")
        .annotate(done=Count("acknowledgments")),
        to_attr="in_force",
    )


def regulation_list(*, user: Any, organization: Organization) -> QuerySet[Regulation]:
    """The rules of ``organization`` and below that ``user`` may read (rules.view), by category
    and in the order they were entered (the order of the branch's compilation), each with
    ``in_force`` (a list of its adopted version, annotated with ``done`` acknowledgments, or
    empty) and ``draft_number`` (the open draft's number or None). Filter it with
    ``filters.RegulationFilter``. Raises ``PermissionDenied`` without rules.view."""
    require(user, Action.RULES_VIEW, organization)
    drafts = RegulationVersion.objects.filter(regulation=OuterRef("pk"), state=State.DRAFT)
    return (
        Regulation.objects.visible_to(user, Action.RULES_VIEW)
        .in_subtree(organization)
        .select_related("organization")
        .annotate(draft_number=Subquery(drafts.values("number")[:1]))
        .prefetch_related(_in_force())
        .order_by("category", "id")
    )


def search(qs: QuerySet[Regulation], query: str) -> QuerySet[Regulation]:
    """``qs`` narrowed to the rules whose title or newest text contains ``query`` (each word of
    it, spaces separating words; Latin letters in any case), title matches first.

    A substring match is what works for Chinese, which has no spaces between words:
    PostgreSQL's word-based full-text parser would need a Chinese segmenter. The search text is
    stored lower-cased (``services._refresh_search``) and matched with a plain LIKE, which on
    PostgreSQL a trigram index (pg_trgm, migration 0002) serves for words of three characters
    or more; shorter words and SQLite read the column, which stays correct."""
    words = [w.lower() for w in query.split() if w]
    if not words:
        return qs
    condition = Q()
    title_hit = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
        title_hit &= Q(title__icontains=word)
    return (
        qs.filter(condition)
        .annotate(
            title_rank=Case(
                When(title_hit, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("title_rank", "category", "id")
    )


def regulation_get(*, user: Any, pk: int, action: str = Action.RULES_VIEW) -> Regulation:
    """One rule with its organization. Raises ``Http404`` outside what ``user`` may read,
    ``PermissionDenied`` when ``action`` (e.g. rules.manage) is not allowed on it."""
    regulation = get_scoped(
        Regulation.objects.select_related("organization"), user, Action.RULES_VIEW, pk=pk
    )
    if action != Action.RULES_VIEW:
        require(user, action, regulation.organization)
    return regulation


def version_get(*, user: Any, pk: int, action: str = Action.RULES_VIEW) -> RegulationVersion:
    """One version with its rule and adopting meeting; ``Http404`` / ``PermissionDenied`` as
    ``regulation_get``."""
    version = get_scoped(
        RegulationVersion.objects.select_related(
            "regulation__organization", "adopted_by", "drafted_by"
        ),
        user,
        Action.RULES_VIEW,
        pk=pk,
    )
    if action != Action.RULES_VIEW:
        require(user, action, version.regulation.organization)
    return version


def attachment_get(*, user: Any, pk: int) -> RegulationAttachment:
    """One attachment of a rule ``user`` may read; ``Http404`` otherwise."""
    return get_scoped(
        RegulationAttachment.objects.select_related("regulation__organization"),
        user,
        Action.RULES_VIEW,
        pk=pk,
    )


@dataclass
class VersionRow:
    version: RegulationVersion
    diff: list[rules.DiffLine]
    added: int
    removed: int


def history(regulation: Regulation) -> list[VersionRow]:
    """Every version of a rule reached through ``regulation_get``, newest first, each with its
    differences from the version before it (the first: all added). Two queries."""
    versions = list(
        regulation.versions.select_related("adopted_by", "drafted_by").order_by("number")
    )
    rows = []
    previous = ""
    for version in versions:
        diff = rules.diff_lines(previous, version.plain_text)
        added, removed = rules.diff_counts(diff)
        rows.append(VersionRow(version, diff, added, removed))
        previous = version.plain_text
    return list(reversed(rows))


def version_diff(version: RegulationVersion) -> list[rules.DiffLine]:
    """The differences of a version (reached through ``version_get``) from the one before."""
    previous = (
        RegulationVersion.objects.filter(
            regulation_id=version.regulation_id, number__lt=version.number
        )
        .order_by("-number")
        .values_list("plain_text", flat=True)
        .first()
    )
    return rules.diff_lines(previous or "", version.plain_text)


def adopting_meetings(*, user: Any, regulation: Regulation) -> QuerySet[Meeting]:
    """The meetings that may adopt a draft of ``regulation``: held branch general or committee
    meetings of its organization that ``user`` may see, newest first."""
    kinds = rules.ADOPTING_KINDS
    return (
        Meeting.objects.visible_to(user, Action.MEETING_VIEW)
        .filter(organization=regulation.organization, state=Meeting.State.HELD)
        .filter(Q(kind__in=kinds) | Q(also_counts_as__in=kinds))
        .order_by("-date", "-id")
    )


def due_members(version: RegulationVersion) -> QuerySet[Member]:
    """Who is asked to acknowledge a version (reached through ``version_get``): the members on
    the roll of the rule's organization and below, today (a member who has left is no longer
    asked; one who joined since is)."""
    return Member.objects.in_subtree(version.regulation.organization).filter(
        status__in=ON_ROLL_STATUSES
    )


@dataclass
class Reader:
    member: Member
    acknowledged_at: dt.datetime | None
    last_reminded: dt.datetime | None
    reminders: int


def readers(*, user: Any, version: RegulationVersion) -> list[Reader]:
    """The secretary's list for a version: every member asked to acknowledge it, those who have
    not first (by name), each with when they acknowledged and when they were last reminded.
    Names of members are member data: raises ``PermissionDenied`` without member.view on the
    rule's organization. Three queries."""
    require(user, Action.MEMBER_VIEW, version.regulation.organization)
    acks = dict(version.acknowledgments.values_list("member_id", "at"))
    reminded: dict[int, list[dt.datetime]] = defaultdict(list)
    for member_id, at in Reminder.objects.filter(version=version).values_list("member_id", "at"):
        reminded[member_id].append(at)
    members = due_members(version).order_by("name_pinyin", "id")
    rows = [
        Reader(
            m, acks.get(m.pk), max(reminded[m.pk]) if reminded[m.pk] else None, len(reminded[m.pk])
        )
        for m in members
    ]
    rows.sort(key=lambda r: r.acknowledged_at is not None)
    return rows


def acknowledgment_list(*, user: Any, version: RegulationVersion) -> QuerySet[Acknowledgment]:
    """The acknowledgments of a version with their members, newest first (member.view on the
    rule's organization, as ``readers``)."""
    require(user, Action.MEMBER_VIEW, version.regulation.organization)
    return (
        Acknowledgment.objects.visible_to(user, Action.RULES_VIEW)
        .filter(version=version)
        .select_related("member")
        .order_by("-at", "id")
    )


def version_list(*, user: Any, regulation: Regulation) -> QuerySet[RegulationVersion]:
    """The versions of a rule reached through ``regulation_get``, newest first."""
    return (
        RegulationVersion.objects.visible_to(user, Action.RULES_VIEW)
        .filter(regulation=regulation)
        .select_related("adopted_by")
        .order_by("-number")
    )


# --- A member's own rules -------------------------------------------------------------------


def my_member(user: Any) -> Member | None:
    """The signed-in user's member record when they are on the roll (who may acknowledge)."""
    member = member_of_user(user)
    return member if member is not None and member.on_roll else None


def my_acknowledged(*, user: Any, version_ids: list[int]) -> set[int]:
    """Which of ``version_ids`` the signed-in member has acknowledged (one query)."""
    member = my_member(user)
    if member is None:
        return set()
    return set(
        Acknowledgment.objects.filter(member=member, version_id__in=version_ids).values_list(
            "version_id", flat=True
        )
    )


def my_unread(*, user: Any) -> list[RegulationVersion]:
    """The versions in force that the signed-in member is asked to read and has not
    acknowledged, newest adoption first (the home page's reminder; empty for a user without a
    member record). Only rules the user may read (rules.view)."""
    member = my_member(user)
    if member is None:
        return []
    # The member's organization and every organization above it (a committee's rule is asked
    # of every member below it, as in ``due_members``).
    parts = member.organization.path.strip("/").split("/")
    paths = ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
    return list(
        RegulationVersion.objects.visible_to(user, Action.RULES_VIEW)
        .filter(state=State.ADOPTED, regulation__organization__path__in=paths)
        .exclude(acknowledgments__member=member)
        .select_related("regulation")
        .order_by("-adopted_on", "regulation__title")
    )


def due_counts(versions: list[RegulationVersion]) -> dict[int, int]:
    """How many members are asked to acknowledge each version (members on the roll of its
    rule's organization and below): one query whatever the number of versions."""
    orgs = {v.regulation.organization.path: v.regulation.organization for v in versions}
    paths = set(orgs)
    if not paths:
        return {}
    condition = Q()
    for org in orgs.values():
        condition |= subtree_q("organization__path", org)
    member_paths = list(
        Member.objects.filter(condition, status__in=ON_ROLL_STATUSES).values_list(
            "organization__path", flat=True
        )
    )
    per_path = {p: sum(1 for m in member_paths if m.startswith(p)) for p in paths}
    return {v.pk: per_path[v.regulation.organization.path] for v in versions}


# --- The acknowledgment rate ----------------------------------------------------------------


def acknowledgment_rate(*, user: Any, organization: Organization, year: int) -> AckRate:
    """The standardization evidence and dashboard figure for ``year``: the versions of the
    rules of ``organization`` and below adopted that year, the (version, member) pairs due
    (members on the roll of each rule's organization today, see ``due_members``), the pairs
    acknowledged, and the rate (``AckRate.rate``). Three queries.

    Raises ``PermissionDenied`` without rules.view on ``organization``."""
    require(user, Action.RULES_VIEW, organization)
    versions = list(
        RegulationVersion.objects.visible_to(user, Action.RULES_VIEW)
        .in_subtree(organization)
        .filter(adopted_on__year=year)
        .exclude(state=State.DRAFT)
        .select_related("regulation__organization")
    )
    if not versions:
        return AckRate(0, 0, 0)
    due = due_counts(versions)
    # Only acknowledgments of members still asked count (a member who left is not due).
    done = (
        Acknowledgment.objects.filter(version__in=versions, member__status__in=ON_ROLL_STATUSES)
        .values("version_id")
        .annotate(n=Count("id"))
    )
    done_by_version = {row["version_id"]: row["n"] for row in done}
    return AckRate(
        adopted_versions=len(versions),
        due=sum(due.values()),
        done=sum(min(done_by_version.get(v.pk, 0), due[v.pk]) for v in versions),
    )


def can_manage(user: Any, organization: Organization) -> bool:
    """May ``user`` draft and adopt the rules of ``organization``?"""
    return can(user, Action.RULES_MANAGE, organization)
