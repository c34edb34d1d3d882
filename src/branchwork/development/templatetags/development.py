"""``{% development_history member %}``: the development steps behind a member's record, on
the member's page (read through ``selectors.member_history``: development.view scope)."""

from __future__ import annotations

from typing import Any

from django import template

from branchwork.development import selectors

register = template.Library()


@register.inclusion_tag("development/_member_history.html", takes_context=True)
def development_history(context: Any, member: Any) -> dict[str, Any]:
    """The steps of ``member``'s development file that the viewer may see (none: no card)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    steps = selectors.member_history(user=user, member=member) if user is not None else []
    person = steps[0].person if steps else None
    return {"steps": steps, "person": person}
