"""Reads of role grants and API tokens, starting from the scoped querysets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branchwork.accounts.models import ApiToken, RoleGrant
from branchwork.core.roles import BRANCH_GRANTABLE_ROLES, Action, Role
from branchwork.core.scoping import actions_on, get_scoped, is_global, require, roles_on
from branchwork.organizations.models import Organization


def grant_list(*, user: Any, organization: Organization) -> QuerySet[RoleGrant]:
    """The role grants on ``organization`` and everything under it, for the roles page.

    Raises ``PermissionDenied`` unless ``user`` may manage grants (``grant.manage``) there.
    """
    require(user, Action.GRANT_MANAGE, organization)
    return (
        RoleGrant.objects.visible_to(user, Action.GRANT_MANAGE)
        .in_subtree(organization)
        .select_related("user", "organization", "granted_by")
    )


def grant_get(*, user: Any, organization: Organization, pk: int) -> RoleGrant:
    """One grant under ``organization``: ``Http404`` outside the user's scope,
    ``PermissionDenied`` when the user may not manage grants on the grant's organization."""
    grant = get_scoped(
        RoleGrant.objects.in_subtree(organization).select_related("user", "organization"),
        user,
        Action.ORG_VIEW,
        pk=pk,
    )
    require(user, Action.GRANT_MANAGE, grant.organization)
    return grant


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The signed-in user's own API tokens, newest first (tokens belong to their user)."""
    return ApiToken.objects.filter(user=user)


def token_get(*, user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens; ``Http404`` for anybody else's."""
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=pk)


def grantable_roles(actor: Any, organization: Organization) -> list[str]:
    """Roles ``actor`` may grant or revoke on ``organization``.

    Every role for a superuser or an administrator whose grant covers the organization;
    ``core.roles.BRANCH_GRANTABLE_ROLES`` for a holder of ``grant.manage`` (a secretary);
    none otherwise. Returns a list of ``core.roles.Role`` values.
    """
    if is_global(actor) or Role.ADMIN in roles_on(actor, organization):
        return list(Role.values)
    if Action.GRANT_MANAGE in actions_on(actor, organization):
        return list(BRANCH_GRANTABLE_ROLES)
    return []
