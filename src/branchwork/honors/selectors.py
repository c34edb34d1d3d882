"""Reads for honors: lists, timelines on the organization and member pages, counts by level
and year. Each takes the acting ``user`` and starts from ``visible_to`` (activities.view)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, require
from branchwork.honors import rules
from branchwork.honors.models import Certificate, Honor
from branchwork.members.models import Member
from branchwork.organizations.models import Organization


def honor_list(*, user: Any, organization: Organization) -> QuerySet[Honor]:
    """The honors of ``organization`` and below (members' included), newest first. Filter it
    with ``filters.HonorFilter``. Raises ``PermissionDenied`` without activities.view."""
    require(user, Action.ACTIVITIES_VIEW, organization)
    return (
        Honor.objects.visible_to(user, Action.ACTIVITIES_VIEW)
        .in_subtree(organization)
        .select_related("organization", "member")
        .prefetch_related("certificates")
    )


def honor_get(*, user: Any, pk: int, action: str = Action.ACTIVITIES_VIEW) -> Honor:
    """One honor; ``Http404`` outside view, ``PermissionDenied`` without ``action``."""
    honor = get_scoped(
        Honor.objects.select_related("organization", "member"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )
    if action != Action.ACTIVITIES_VIEW:
        require(user, action, honor.organization)
    return honor


def certificate_get(*, user: Any, pk: int) -> Certificate:
    """One certificate scan of an honor ``user`` may view; ``Http404`` otherwise."""
    return get_scoped(
        Certificate.objects.select_related("honor__organization"),
        user,
        Action.ACTIVITIES_VIEW,
        pk=pk,
    )


def organization_timeline(*, user: Any, organization: Organization) -> list[Honor] | None:
    """The honors of ``organization`` itself (to the organization, its unit and named staff),
    newest first, for its page; None when ``user`` may not see honors there (the page shows
    nothing)."""
    if not can(user, Action.ACTIVITIES_VIEW, organization):
        return None
    return list(
        Honor.objects.visible_to(user, Action.ACTIVITIES_VIEW)
        .filter(organization=organization)
        .exclude(recipient=rules.Recipient.MEMBER)
        .select_related("organization")
    )


def member_timeline(*, user: Any, member: Member) -> list[Honor] | None:
    """The honors of one member, newest first, for their record; None when ``user`` may not
    see honors in the member's organization (and is not the member)."""
    own = getattr(member, "user_id", None) is not None and member.user_id == getattr(
        user, "pk", None
    )
    if not (own or can(user, Action.ACTIVITIES_VIEW, member.organization)):
        return None
    return list(Honor.objects.filter(member=member).select_related("organization"))


def counts(
    *, user: Any, organization: Organization
) -> tuple[list[int | None], list[tuple[str, list[int], int]]]:
    """Honors of ``organization`` and below counted by level and year
    (``rules.counts_by_level_and_year``)."""
    pairs = honor_list(user=user, organization=organization).values_list("level", "year")
    return rules.counts_by_level_and_year(list(pairs))
