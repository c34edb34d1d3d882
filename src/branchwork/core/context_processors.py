from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from branchwork.core.current import current_organization, switchable_organizations
from branchwork.core.navigation import NAV_ITEMS
from branchwork.core.roles import Role
from branchwork.core.scoping import can, roles_on


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page frame needs: navigation, the organization switcher, the user's roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    org = current_organization(request)
    nav = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": request.path == reverse(item.url_name),
        }
        for item in NAV_ITEMS
        if item.action is None or can(user, item.action)
    ]
    roles = sorted(roles_on(user, org)) if org is not None else []
    return {
        "current_org": org,
        "switchable_orgs": switchable_organizations(user),
        "nav_items": nav,
        "current_role_labels": [Role(r).label for r in roles],
    }
