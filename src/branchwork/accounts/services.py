"""Every write to users, role grants and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.accounts.models import ApiToken, RoleGrant, User, hash_token
from branchwork.core import audit
from branchwork.core.audit import SystemActor, acting_user
from branchwork.core.models import AuditEvent
from branchwork.core.roles import BRANCH_GRANTABLE_ROLES, ROLE_ACTIONS, Action, Role
from branchwork.core.scoping import forget_grants, is_global, user_grants

_history_user = acting_user


def actions_on(user: Any, org: Any) -> frozenset[str]:
    if is_global(user):
        return frozenset().union(*ROLE_ACTIONS.values())
    actions: set[str] = set()
    for grant in user_grants(user):
        if grant.covers(org.path):
            actions |= ROLE_ACTIONS[grant.role]
    return frozenset(actions)


def grantable_roles(actor: Any, org: Any) -> list[str]:
    """Roles the actor may hand out on ``org`` (core.roles.BRANCH_GRANTABLE_ROLES for a
    secretary; every role for an administrator of the organization)."""
    if is_global(actor) or any(
        g.role == Role.ADMIN and g.covers(org.path) for g in user_grants(actor)
    ):
        return list(Role.values)
    if Action.GRANT_MANAGE in actions_on(actor, org):
        return list(BRANCH_GRANTABLE_ROLES)
    return []


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, display_name: str = "", email: str = ""
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is taken.")]})
    user = User(username=username, display_name=display_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user._history_user = _history_user(actor)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def grant_create(*, actor: Any, user: User, organization: Any, role: str) -> RoleGrant:
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role %(role)s.") % {"role": role}]})
    if not isinstance(actor, SystemActor) and role not in grantable_roles(actor, organization):
        raise ValidationError({"role": [_("Only an administrator can grant this role.")]})
    if RoleGrant.objects.filter(user=user, organization=organization, role=role).exists():
        raise ValidationError(
            {"user": [_("%(user)s already holds this role here.") % {"user": user}]}
        )
    grant = RoleGrant(
        user=user, organization=organization, role=role, granted_by=acting_user(actor)
    )
    grant._history_user = _history_user(actor)
    grant.save()
    forget_grants(user)
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: RoleGrant) -> None:
    grant._history_user = _history_user(actor)
    grant.delete()
    forget_grants(grant.user)


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; returns it and the clear value, which is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name.")]})
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, key_hash=hash_token(raw), hint=raw[-4:])
    audit.record(actor=actor, kind=AuditEvent.Kind.TOKEN, obj=token, note="created")
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, kind=AuditEvent.Kind.TOKEN, obj=token, note="revoked")


def token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
