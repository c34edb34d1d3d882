"""Honor timelines for other apps' pages: ``{% include "honors/_org_timeline.html" %}`` on an
organization's page and ``{% include "honors/_member_timeline.html" %}`` on a member's record
read their honors through these tags (scoped to the signed-in user)."""

from __future__ import annotations

from typing import Any

from django import template

from branchwork.honors import rules, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def org_honors(context: Any, org: Any) -> list[Any] | None:
    """The honors of ``org`` the signed-in user may see (None: show nothing)."""
    return selectors.organization_timeline(user=context["request"].user, organization=org)


@register.simple_tag(takes_context=True)
def member_honors(context: Any, member: Any) -> list[Any] | None:
    """The honors of ``member`` the signed-in user may see (None: show nothing)."""
    return selectors.member_timeline(user=context["request"].user, member=member)


@register.filter
def level_badge(level: str) -> str:
    """The badge class of an honor level."""
    return rules.LEVEL_BADGE.get(level, "text-bg-secondary")
