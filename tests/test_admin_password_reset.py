"""An administrator gives a user a new temporary password (issue 13 §5), shown once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from branchwork.accounts import services
from branchwork.accounts.models import RoleGrant
from branchwork.core.models import AuditEvent
from branchwork.organizations.models import Organization

pytestmark = [pytest.mark.usefixtures("demo_data"), pytest.mark.django_db]


def _grant(username: str) -> RoleGrant:
    return RoleGrant.objects.filter(
        user__username=username, organization__code="tr-highway"
    ).first()


def test_an_admin_resets_a_members_password_and_it_works_once(as_persona):
    grant = _grant("member")
    response = as_persona("admin").post(
        f"/accounts/roles/tr-highway/{grant.pk}/password/", follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    password = message.split(": ", 1)[1].split(" — ")[0]
    signed_in = Client().post("/accounts/login/", {"username": "member", "password": password})
    assert signed_in.status_code == 302
    line = AuditEvent.objects.filter(model="accounts.user", object_id=str(grant.user_id)).first()
    assert line.actor_name == "admin" and line.note == "password reset by an administrator"
    assert password not in str(line.changes)


def test_a_secretary_cannot_reset_passwords(user_named):
    with pytest.raises(ValidationError, match="Only an administrator"):
        services.user_password_reset(
            actor=user_named("secretary"),
            user=_grant("member").user,
            organization=Organization.objects.get(code="tr-highway"),
        )


def test_nobody_resets_their_own_password_here(user_named):
    admin = user_named("admin")
    with pytest.raises(ValidationError, match="profile page"):
        services.user_password_reset(
            actor=admin, user=admin, organization=Organization.objects.get(code="tr-cpc")
        )


def test_only_users_with_a_role_in_the_organization(user_named):
    with pytest.raises(ValidationError, match="holds no role here"):
        services.user_password_reset(
            actor=user_named("admin"),
            user=user_named("outsider"),
            organization=Organization.objects.get(code="tr-highway"),
        )
