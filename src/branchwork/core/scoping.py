"""The one door for access: every queryset, page and API endpoint is scoped through here.

A grant (user, role, organization) covers the organization and its whole subtree. Organizations
keep a materialized path ("/tr-cpc/tr-organs/tr-highway/"), so "everything under X" is one
indexed prefix match on that path (see docs/architecture.md).

- Objects outside every grant that allows at least viewing are invisible: pages answer 404.
- Objects inside the scope that the user's roles may not change answer 403 (``require``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from branchwork.core.roles import ROLE_ACTIONS, Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from branchwork.accounts.models import User
    from branchwork.organizations.models import Organization

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_branchwork_grants"


@dataclass(frozen=True)
class GrantInfo:
    role: str
    org_id: int
    org_path: str
    org_code: str
    org_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    def covers(self, path: str) -> bool:
        return path.startswith(self.org_path)


def user_grants(user: User | AnonymousUser) -> list[GrantInfo]:
    """The user's active grants, read once per user object (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from branchwork.accounts.models import RoleGrant

        rows = (
            RoleGrant.objects.filter(user=user)
            .select_related("organization")
            .order_by("organization__path", "role")
        )
        cached = [
            GrantInfo(
                role=g.role,
                org_id=g.organization_id,
                org_path=g.organization.path,
                org_code=g.organization.code,
                org_name=g.organization.name,
            )
            for g in rows
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_global(user: Any) -> bool:
    """Django superusers see and do everything (used for the installation's first account)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def paths_for(user: Any, action: str) -> list[str] | None:
    """Organization paths whose subtrees the user may act on; None means everywhere."""
    if is_global(user):
        return None
    paths = sorted({g.org_path for g in user_grants(user) if action in ROLE_ACTIONS[g.role]})
    # Drop paths already covered by a shorter one, so the filter stays small.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope(qs: QuerySet[M], user: Any, action: str = Action.ORG_VIEW) -> QuerySet[M]:
    """Restrict ``qs`` to what ``user`` may do ``action`` on.

    The model says where its organization path is with ``scope_path_field`` (for example
    ``"organization__path"``; the Organization model itself uses ``"path"``).
    """
    field = qs.model.scope_path_field  # type: ignore[attr-defined]
    paths = paths_for(user, action)
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return qs.filter(condition)


def can(user: Any, action: str, org: Organization | None = None) -> bool:
    """May ``user`` do ``action`` on ``org`` (or anywhere, when org is None)?"""
    if is_global(user):
        return True
    for grant in user_grants(user):
        if action in ROLE_ACTIONS[grant.role] and (org is None or grant.covers(org.path)):
            return True
    return False


def require(user: Any, action: str, org: Organization | None = None) -> None:
    if not can(user, action, org):
        raise PermissionDenied


def get_scoped(qs: QuerySet[M], user: Any, action: str = Action.ORG_VIEW, **lookup: Any) -> M:
    """One object inside the user's scope, or Http404 (never reveals what exists elsewhere)."""
    try:
        return scope(qs, user, action).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404 from None


def roles_on(user: Any, org: Organization) -> set[str]:
    """The roles the user holds that cover ``org``."""
    return {g.role for g in user_grants(user) if g.covers(org.path)}
