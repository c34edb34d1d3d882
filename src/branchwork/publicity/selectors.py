"""Reads for news and openness.

Signed-in pages and the API start from ``Item.objects.visible_to(user, action)``. The public
pages have no user: they read through ``public_*`` functions, which show only live items
(``rules.is_live``) published to everyone, of a branch whose channel is on — the one door for
anonymous readers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from branchwork.core.roles import ROLE_ACTIONS, Action
from branchwork.core.scoping import get_scoped, require
from branchwork.organizations.models import Organization
from branchwork.publicity import rules
from branchwork.publicity.models import Channel, Item
from branchwork.publicity.rules import Audience, State

# How many past years the openness check looks at (a local default): enough to show what a
# branch still owes, short enough for the home page.
OPENNESS_LOOKBACK_YEARS = 3


def item_list(*, user: Any, organization: Organization) -> QuerySet[Item]:
    """The items of ``organization`` and below, every state, for those who draft (newest
    first; drafts and items in review, which have no publishing time, lead)."""
    return (
        Item.objects.visible_to(user, Action.PUBLICITY_DRAFT)
        .in_subtree(organization)
        .select_related("organization", "drafted_by", "reviewed_by")
        .order_by(F("publish_at").desc(nulls_first=True), "-id")
    )


def item_get(*, user: Any, pk: int, action: str = Action.PUBLICITY_DRAFT) -> Item:
    """One item among those the user drafts (404 outside them), which the user may also do
    ``action`` on (403 otherwise: a deputy secretary drafts but does not review)."""
    item = get_scoped(
        Item.objects.select_related("organization", "drafted_by", "reviewed_by"),
        user,
        Action.PUBLICITY_DRAFT,
        pk=pk,
    )
    require(user, action, item.organization)
    return item


def related_choices(*, user: Any, item: Item | None, organization: Organization) -> QuerySet[Item]:
    """Items of the same branch that may be shown as related (not the item itself)."""
    qs = Item.objects.visible_to(user, Action.PUBLICITY_DRAFT).filter(organization=organization)
    return qs.exclude(pk=item.pk) if item is not None and item.pk else qs


def waiting_review(*, user: Any, organization: Organization) -> QuerySet[Item]:
    """Items of the branch in review, for those who review them."""
    return (
        Item.objects.visible_to(user, Action.PUBLICITY_REVIEW)
        .in_subtree(organization)
        .filter(state=State.REVIEW)
        .order_by("id")
    )


def other_reviewers(organization: Organization, *, exclude_user: Any) -> int:
    """How many users other than ``exclude_user`` hold a role granted on ``organization``
    itself that reviews news (for ``services.item_approve``; grants above the branch, such as
    the system administrator's, do not make someone the branch's reviewer)."""
    from branchwork.accounts.models import RoleGrant

    roles = [r for r, actions in ROLE_ACTIONS.items() if Action.PUBLICITY_REVIEW in actions]
    grants = RoleGrant.objects.filter(
        organization=organization, role__in=roles, user__is_active=True
    )
    if exclude_user is not None:
        grants = grants.exclude(user=exclude_user)
    return grants.values("user").distinct().count()


def channel_of(*, user: Any, organization: Organization) -> Channel | None:
    """The branch's channel, for those who review its news (None before it is set)."""
    require(user, Action.PUBLICITY_REVIEW, organization)
    return (
        Channel.objects.visible_to(user, Action.PUBLICITY_REVIEW)
        .filter(organization=organization)
        .first()
    )


# --- Party-affairs openness -------------------------------------------------------------------


@dataclass
class OpennessRow:
    """One rule of the openness list with its yearly verdicts and the items published for it."""

    rule: rules.OpennessRule
    verdicts: list[rules.OpennessVerdict]
    items: list[Item]


def _openness(organization: Organization, today: dt.date) -> tuple[list[Item], list[Any]]:
    now = timezone.now()
    items = list(
        Item.objects.filter(organization=organization)
        .live(now)
        .exclude(openness_rule="")
        .order_by("-period_year", "-publish_at")
    )
    verdicts = rules.openness_verdicts(
        ((i.openness_rule, i.period_year) for i in items if i.period_year),
        today,
        since=today.year - OPENNESS_LOOKBACK_YEARS,
    )
    return items, verdicts


def openness(*, user: Any, organization: Organization, today: dt.date) -> list[OpennessRow]:
    """The openness list of the branch: each rule, its recent years and what was published
    (party members of the branch read it: org.view)."""
    require(user, Action.ORG_VIEW, organization)
    items, verdicts = _openness(organization, today)
    return [
        OpennessRow(
            rule=rule,
            verdicts=[v for v in verdicts if v.rule.key == rule.key],
            items=[i for i in items if i.openness_rule == rule.key],
        )
        for rule in rules.OPENNESS_RULES
    ]


def openness_overdue(
    *, user: Any, organization: Organization, today: dt.date
) -> list[rules.OpennessVerdict]:
    """What the branch has not published although its deadline passed (the secretary's and the
    propaganda member's home page)."""
    require(user, Action.PUBLICITY_REVIEW, organization)
    if organization.org_type == "party_group":
        return []
    _items, verdicts = _openness(organization, today)
    return rules.overdue(verdicts)


# --- The public pages (no user) ---------------------------------------------------------------


def public_channel(code: str) -> Channel:
    """The channel of the branch ``code`` when its public pages are on; else Http404."""
    channel = (
        Channel.objects.select_related("organization")
        .filter(organization__code=code, enabled=True)
        .first()
    )
    if channel is None:
        raise Http404
    return channel


def public_items(channel: Channel) -> QuerySet[Item]:
    """The live items of the channel's branch published to everyone, newest first."""
    return (
        Item.objects.filter(organization=channel.organization, audience=Audience.PUBLIC)
        .live(timezone.now())
        .order_by("-publish_at", "-id")
    )


def public_item(channel: Channel, pk: int) -> Item:
    """One live public item of the branch, else Http404 (drafts, items in review, scheduled
    for later, withdrawn or published inside the party are not found)."""
    item = public_items(channel).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def public_neighbours(channel: Channel, item: Item) -> tuple[Item | None, Item | None]:
    """(previous, next) public items in publishing order (previous is older)."""
    items = public_items(channel)
    assert item.publish_at is not None
    older = items.filter(
        Q(publish_at__lt=item.publish_at) | Q(publish_at=item.publish_at, id__lt=item.pk)
    ).first()
    newer = (
        items.filter(
            Q(publish_at__gt=item.publish_at) | Q(publish_at=item.publish_at, id__gt=item.pk)
        )
        .order_by("publish_at", "id")
        .first()
    )
    return older, newer


def public_related(channel: Channel, item: Item) -> list[Item]:
    """The item's related items that are live and public."""
    return list(public_items(channel).filter(pk__in=item.related.values("pk")))


def seconds_until_next_publication(channel: Channel) -> int:
    """Seconds until the branch's next scheduled item goes live (the cache keeps its pages no
    longer); PUBLICITY_CACHE_SECONDS when none is scheduled."""
    now = timezone.now()
    upcoming = (
        Item.objects.filter(
            organization=channel.organization, state=State.PUBLISHED, publish_at__gt=now
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    if upcoming is None:
        return int(settings.PUBLICITY_CACHE_SECONDS)
    return max(1, int((upcoming - now).total_seconds()))


def public_channel_on(organization: Organization) -> bool:
    """Are the branch's public pages on? (for an item page already reached through the door)"""
    return Channel.objects.filter(organization=organization, enabled=True).exists()


@dataclass
class HomeSummary:
    """What the branch's reviewer sees on the home page."""

    organization: Organization
    overdue: list[rules.OpennessVerdict]
    waiting: int


def home_summary(*, user: Any, organization: Organization, today: dt.date) -> HomeSummary | None:
    """Openness items overdue and items waiting for review (None when there is nothing to
    say, so the home page shows nothing)."""
    overdue = openness_overdue(user=user, organization=organization, today=today)
    waiting = waiting_review(user=user, organization=organization).count()
    if not overdue and not waiting:
        return None
    return HomeSummary(organization, overdue, waiting)
