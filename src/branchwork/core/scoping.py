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

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
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
    """Drop the grants cached on ``user`` (after a grant or a revocation)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_global(user: Any) -> bool:
    """Who sees and does everything: active Django superusers (the installation's first
    account) and the system actor of commands and the demo (``core.audit.SystemActor``)."""
    if getattr(user, "is_system", False) is True:
        return True
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
    """Raise ``PermissionDenied`` (403) unless ``can(user, action, org)``."""
    if not can(user, action, org):
        raise PermissionDenied


def get_scoped(qs: QuerySet[M], user: Any, action: str = Action.ORG_VIEW, **lookup: Any) -> M:
    """One object inside the user's scope, or Http404 (never reveals what exists elsewhere)."""
    try:
        return scope(qs, user, action).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def roles_on(user: Any, org: Organization) -> set[str]:
    """The roles the user holds that cover ``org``."""
    return {g.role for g in user_grants(user) if g.covers(org.path)}


def actions_on(user: Any, org: Organization) -> frozenset[str]:
    """Every action the user's grants allow on ``org`` (all actions for a superuser).

    Args: a user (anonymous or inactive users have none) and an organization.
    Returns a frozenset of ``core.roles.Action`` values.
    """
    if is_global(user):
        return frozenset(Action.values)
    actions: set[str] = set()
    for grant in user_grants(user):
        if grant.covers(org.path):
            actions |= ROLE_ACTIONS[grant.role]
    return frozenset(actions)


def can_above(user: Any, action: str, org: Organization) -> bool:
    """May ``user`` do ``action`` from an organization strictly above ``org``?

    A higher committee (for example the work committee that receives a branch's dues) acts on
    its branches from above; a grant on ``org`` itself does not count. Superusers may; inactive
    and anonymous users may not.
    """
    if is_global(user):
        return True
    return any(
        action in ROLE_ACTIONS[g.role] and g.covers(org.path) and g.org_path != org.path
        for g in user_grants(user)
    )


def subtree_q(field: str, org: Organization) -> Q:
    """``Q`` matching rows whose organization path ``field`` lies in ``org``'s subtree.

    The one place that writes a materialized-path prefix match (``field`` is a lookup path such
    as ``"organization__path"``; ``org`` is an Organization or anything with a ``path``).
    """
    return Q(**{f"{field}__startswith": org.path})


class ScopedQuerySet(QuerySet[M]):
    """The queryset of every domain model: reads start from ``visible_to`` (the idea of
    NetBox's ``RestrictedQuerySet.restrict``).

    The model names where its organization path is with ``scope_path_field``.
    """

    def visible_to(self, user: Any, action: str = Action.ORG_VIEW) -> ScopedQuerySet[M]:
        """Only the rows ``user`` may do ``action`` on (nothing for anonymous users)."""
        return scope(self, user, action)  # type: ignore[return-value]

    def in_subtree(self, org: Organization) -> ScopedQuerySet[M]:
        """Only the rows that belong to ``org`` or an organization under it."""
        return self.filter(subtree_q(self.model.scope_path_field, org))  # type: ignore[attr-defined]


ScopedManager = ScopedQuerySet.as_manager


# Models read without organizational scope, each with the reason: reference data every signed-in
# user reads, and records owned by one user rather than by an organization. A test checks that
# every model of our apps either names a ``scope_path_field`` or is listed here.
UNSCOPED_MODELS: dict[str, str] = {
    "accounts.user": "A user is read through their grants; user lists are scoped by grant.",
    "accounts.apitoken": "A token belongs to its user and is only read by that user.",
    "meetings.calendarfeed": "A calendar-feed token belongs to its user.",
    "roads.division": "Administrative divisions (GB/T 2260) are public reference data.",
    "maintenance.conditionprofile": "Condition-rating profiles (JTG 5210) are published.",
    "maintenance.profileyear": "Which profile version rates a year is installation-wide.",
}
