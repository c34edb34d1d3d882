"""Every write to users, role grants and API tokens, each audited through ``core.audit``."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.accounts.models import ApiToken, RoleGrant, User, hash_token
from branchwork.accounts.selectors import grantable_roles
from branchwork.core.audit import SystemActor, acting_user, delete_as, save_as
from branchwork.core.roles import Role
from branchwork.core.scoping import forget_grants
from branchwork.organizations.models import Organization


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, display_name: str = "", email: str = ""
) -> User:
    """Create a login. ``password`` is checked by the configured password validators.

    Raises ``ValidationError`` when the username is taken (case-insensitively) or the
    password or another field is refused. The activity line never holds the password.
    """
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is taken.")]})
    user = User(username=username, display_name=display_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    save_as(user, actor)
    return user


@transaction.atomic
def grant_create(*, actor: Any, user: User, organization: Organization, role: str) -> RoleGrant:
    """Grant ``role`` (a ``core.roles.Role`` value) to ``user`` on ``organization`` and
    everything under it.

    Raises ``ValidationError`` for an unknown role, a role the actor may not grant (see
    ``grantable_roles``; a ``SystemActor`` may grant any) or a grant that already exists.
    """
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
    save_as(grant, actor)
    forget_grants(user)
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: RoleGrant) -> None:
    """Revoke one role grant.

    Who may revoke what: nobody revokes their own grant (another holder of the right does it,
    so no one locks themselves out by mistake); a role is revoked only by someone who may grant
    it on that organization (``grantable_roles``: a secretary revokes branch roles, an
    administrator any role). A ``SystemActor`` may revoke any grant.
    Raises ``ValidationError`` with the reason when the actor may not.
    """
    if not isinstance(actor, SystemActor):
        if grant.user_id == getattr(actor, "pk", None):
            raise ValidationError(_("You cannot revoke your own role; ask another administrator."))
        if grant.role not in grantable_roles(actor, grant.organization):
            raise ValidationError(_("Only an administrator can revoke this role."))
    user = grant.user
    delete_as(grant, actor)
    forget_grants(user)


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token for ``actor``; returns it and the clear value.

    The clear value is shown once and never stored: the row keeps its SHA-256 hash and last
    four characters, and the activity line keeps neither (``ApiToken.audit_exclude``).
    Raises ``ValidationError`` when ``name`` is blank.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name.")]})
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, key_hash=hash_token(raw), hint=raw[-4:])
    save_as(token, actor, note="created")
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke ``token`` (from now on it authenticates nobody); revoking twice does nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_as(token, actor, note="revoked")


def token_authenticate(raw: str) -> User | None:
    """The active user holding the unrevoked token ``raw``, or None.

    Marks when the token was last used (at most once a minute). That bookkeeping column is
    not audited: it would write a line for every API call.
    """
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


@transaction.atomic
def user_password_reset(*, actor: Any, user: User, organization: Organization) -> str:
    """An administrator gives ``user`` a new temporary password and returns it (shown once;
    the user changes it after signing in). Used when the user cannot receive the reset e-mail.

    ``organization`` is where the administrator acts: the actor must be a superuser or hold the
    administrator role covering it, and ``user`` must hold a role there or below. Raises
    ``ValidationError`` otherwise, or for the actor's own account (use the password page). The
    activity line says that the password was reset, never the password.
    """
    from branchwork.core.scoping import is_global, roles_on

    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("Change your own password on your profile page."))
    if not (is_global(actor) or Role.ADMIN in roles_on(actor, organization)):
        raise ValidationError(_("Only an administrator can reset another user's password."))
    if not RoleGrant.objects.filter(user=user).in_subtree(organization).exists():
        raise ValidationError(_("%(user)s holds no role here.") % {"user": user})
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    save_as(user, actor, note="password reset by an administrator")
    return password
