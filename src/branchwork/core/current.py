"""Which organization the user is working in (the organization switcher)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from branchwork.core.roles import ROLE_ACTIONS
from branchwork.core.scoping import can, is_global, require, user_grants

SESSION_ORG_KEY = "branchwork_org"


def switchable_organizations(user: Any) -> list[Any]:
    """Organizations the user holds a grant on, in tree order (one query, cached per request)."""
    from branchwork.organizations.models import Organization

    cached = getattr(user, "_branchwork_switchable", None)
    if cached is not None:
        return cached
    if is_global(user) and not user_grants(user):
        orgs = list(Organization.objects.filter(depth__lte=1).order_by("path"))
    else:
        ids = {g.org_id for g in user_grants(user)}
        orgs = list(Organization.objects.filter(pk__in=ids).order_by("path")) if ids else []
    user._branchwork_switchable = orgs
    return orgs


def _default_organization(user: Any, orgs: list[Any]) -> Any:
    """Where the user does the most: the organization whose grants allow the most actions
    (a secretary who is also a party-group member lands on the branch), then the higher one."""
    actions: dict[int, set[str]] = {}
    for grant in user_grants(user):
        actions.setdefault(grant.org_id, set()).update(ROLE_ACTIONS[grant.role])
    return max(orgs, key=lambda o: (len(actions.get(o.pk, ())), -o.depth))


def current_organization(request: HttpRequest) -> Any:
    """The organization the user works in now: the one picked in the switcher, else the most
    specific one the user holds a grant on. Cached on the request."""
    if hasattr(request, "_branchwork_current_org"):
        return request._branchwork_current_org
    org = None
    user = request.user
    orgs = switchable_organizations(user) if user.is_authenticated else []
    if orgs:
        code = request.session.get(SESSION_ORG_KEY)
        org = next((o for o in orgs if o.code == code), None) or _default_organization(user, orgs)
    request._branchwork_current_org = org  # type: ignore[attr-defined]
    return org


def can_here(request: HttpRequest, action: str) -> bool:
    """May the user do ``action`` in the organization they work in now?"""
    org = current_organization(request)
    return org is not None and can(request.user, action, org)


def require_here(request: HttpRequest, action: str) -> Any:
    """The current organization, which the user must be allowed ``action`` on (403 if not,
    also when the user has no current organization)."""
    org = current_organization(request)
    if org is None:
        require(request.user, action)
    require(request.user, action, org)
    return org
