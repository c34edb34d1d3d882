"""Account services: who may revoke which role (the rule lives in the service), and every
write leaves an activity line naming its actor."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from branchwork.accounts import services
from branchwork.accounts.models import ApiToken, RoleGrant
from branchwork.core.models import AuditEvent
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR

pytestmark = [pytest.mark.usefixtures("demo_data"), pytest.mark.django_db]


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def grant_of(user, role: str, code: str = "tr-highway") -> RoleGrant:
    return RoleGrant.objects.get(user=user, role=role, organization__code=code)


def test_nobody_revokes_their_own_grant_in_the_service(user_named):
    secretary = user_named("secretary")
    grant = grant_of(secretary, "secretary")
    with pytest.raises(ValidationError, match="You cannot revoke your own role"):
        services.grant_revoke(actor=secretary, grant=grant)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_an_admin_cannot_revoke_their_own_admin_grant(user_named):
    admin = user_named("admin")
    grant = grant_of(admin, "admin", "tr-cpc")
    with pytest.raises(ValidationError, match="You cannot revoke your own role"):
        services.grant_revoke(actor=admin, grant=grant)


def test_a_secretary_revokes_branch_roles_only(user_named):
    secretary = user_named("secretary")
    engineer = user_named("engineer")
    admin_grant = services.grant_create(
        actor=TEST_ACTOR, user=engineer, organization=highway(), role="admin"
    )
    with pytest.raises(ValidationError, match="Only an administrator can revoke this role"):
        services.grant_revoke(actor=secretary, grant=admin_grant)
    branch_grant = grant_of(user_named("propaganda"), "propaganda")
    services.grant_revoke(actor=secretary, grant=branch_grant)
    assert not RoleGrant.objects.filter(pk=branch_grant.pk).exists()


def test_an_admin_revokes_any_role_of_someone_else(user_named):
    grant = services.grant_create(
        actor=TEST_ACTOR, user=user_named("engineer"), organization=highway(), role="admin"
    )
    services.grant_revoke(actor=user_named("admin"), grant=grant)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_member_revokes_nothing(user_named):
    grant = grant_of(user_named("propaganda"), "propaganda")
    with pytest.raises(ValidationError, match="Only an administrator"):
        services.grant_revoke(actor=user_named("member"), grant=grant)


def test_a_command_revokes_any_grant(user_named):
    grant = grant_of(user_named("secretary"), "secretary")
    services.grant_revoke(actor=TEST_ACTOR, grant=grant)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def _user_create(actor, user_named):
    return services.user_create(actor=actor, username="newcomer", password="a-Fine-pass-2026")


def _grant_create(actor, user_named):
    return services.grant_create(
        actor=actor, user=user_named("engineer"), organization=highway(), role="organization"
    )


def _grant_revoke(actor, user_named):
    services.grant_revoke(actor=actor, grant=grant_of(user_named("propaganda"), "propaganda"))


def _token_create(actor, user_named):
    return services.token_create(actor=actor, name="sync")


def _token_revoke(actor, user_named):
    token, _raw = services.token_create(actor=actor, name="old")
    AuditEvent.objects.all().delete()
    services.token_revoke(actor=actor, token=ApiToken.objects.get(pk=token.pk))


@pytest.mark.parametrize(
    "write, model, kind",
    [
        (_user_create, "accounts.user", "create"),
        (_grant_create, "accounts.rolegrant", "create"),
        (_grant_revoke, "accounts.rolegrant", "delete"),
        (_token_create, "accounts.apitoken", "create"),
        (_token_revoke, "accounts.apitoken", "update"),
    ],
)
def test_every_account_write_is_audited_with_its_actor(write, model, kind, user_named):
    actor = user_named("secretary")
    AuditEvent.objects.all().delete()
    write(actor, user_named)
    (event,) = AuditEvent.objects.filter(model=model)
    assert (event.kind, event.actor_name) == (kind, "secretary")
    assert "password" not in event.changes and "key_hash" not in event.changes
