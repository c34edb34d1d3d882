import pytest
from django.test import Client

from branchwork.accounts.models import ApiToken, RoleGrant
from branchwork.accounts.services import grantable_roles
from branchwork.core.models import AuditEvent
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_login_and_logout():
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "secretary", "password": "branchwork-demo"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_repeated_failures_pause_signing_in():
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "member", "password": "nope"})
    # Locked now: even the right password is refused for this username and address.
    response = client.post(
        "/accounts/login/", {"username": "member", "password": "branchwork-demo"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.10")
    response = other.post("/accounts/login/", {"username": "member", "password": "branchwork-demo"})
    assert response.status_code == 302


def test_password_change_applies_the_validators(as_persona):
    client = as_persona("member")
    response = client.post(
        "/accounts/password/",
        {"old_password": "branchwork-demo", "new_password1": "123", "new_password2": "123"},
    )
    assert "This password is too short" in response.text
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "branchwork-demo",
            "new_password1": "a-Much-longer-pass-2026",
            "new_password2": "a-Much-longer-pass-2026",
        },
    )
    assert response.status_code == 302


def test_token_is_shown_once_stored_hashed_and_works_until_revoked(as_persona):
    client = as_persona("secretary")
    response = client.post("/accounts/profile/", {"name": "sync"})
    raw = response.context["new_token"]
    assert raw.startswith("bw_") and raw in response.text
    token = ApiToken.objects.get(name="sync")
    assert raw not in (token.key_hash, token.hint) and token.key_hash != raw
    assert raw not in client.get("/accounts/profile/").text  # never shown again

    api = Client()
    me = api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["username"] == "secretary"
    assert api.get("/api/me", HTTP_AUTHORIZATION="Bearer bw_wrong").status_code == 401

    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    events = AuditEvent.objects.filter(model="accounts.apitoken", object_id=str(token.pk))
    assert sorted(e.note for e in events) == ["created", "revoked"]
    # The activity log keeps neither the secret nor its hash or hint.
    assert all(raw not in str(e.changes) and token.key_hash not in str(e.changes) for e in events)
    assert not any({"key_hash", "hint"} & set(e.changes) for e in events)


def test_token_name_is_required(as_persona):
    response = as_persona("secretary").post("/accounts/profile/", {"name": "  "})
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(as_persona, user_named):
    from branchwork.accounts.services import token_create

    token, _ = token_create(actor=user_named("secretary"), name="mine")
    assert as_persona("admin").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_secretary_grants_branch_roles_but_not_admin_or_inspector(as_persona, user_named):
    client = as_persona("secretary")
    response = client.post(
        "/accounts/roles/tr-highway/", {"username": "engineer", "role": "member"}
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user__username="engineer", role="member").exists()
    response = client.post("/accounts/roles/tr-highway/", {"username": "engineer", "role": "admin"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    roles = grantable_roles(user_named("secretary"), Organization.objects.get(code="tr-highway"))
    assert set(roles) == {
        "deputy_secretary",
        "organization",
        "propaganda",
        "discipline",
        "member",
        "leader",
        "engineer",
    }
    assert "inspector" in grantable_roles(
        user_named("admin"), Organization.objects.get(code="tr-highway")
    )
    assert grantable_roles(user_named("member"), Organization.objects.get(code="tr-highway")) == []


def test_granting_to_an_unknown_user_names_them(as_persona):
    response = as_persona("secretary").post(
        "/accounts/roles/tr-highway/", {"username": "nobody", "role": "member"}
    )
    assert "No active user is called nobody." in response.text


def test_admin_cannot_revoke_their_own_admin_role(as_persona, user_named):
    grant = RoleGrant.objects.get(user=user_named("admin"), role="admin")
    response = as_persona("admin").post(f"/accounts/roles/tr-cpc/{grant.pk}/revoke/", follow=True)
    assert "You cannot revoke your own role; ask another administrator." in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_nobody_revokes_their_own_role(as_persona, user_named):
    grant = RoleGrant.objects.get(user=user_named("secretary"), role="secretary")
    response = as_persona("secretary").post(
        f"/accounts/roles/tr-highway/{grant.pk}/revoke/", follow=True
    )
    assert "You cannot revoke your own role" in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_switcher_moves_between_granted_organizations_only(as_persona):
    client = as_persona("secretary")
    assert "中共铜仁市公路管理局支部委员会" in client.get("/").text
    client.post("/accounts/switch-organization/", {"org": "tr-highway-g1"})
    assert "第一党小组（办公室、财务）</h1>" in client.get("/").text
    assert client.post("/accounts/switch-organization/", {"org": "tr-transport"}).status_code == 404
    response = client.post(
        "/accounts/switch-organization/", {"org": "tr-highway", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_user_without_roles_gets_a_friendly_home(db):
    from branchwork.accounts.services import user_create

    user = user_create(actor=TEST_ACTOR, username="newcomer", password="a-Fine-pass-2026")
    client = Client()
    client.force_login(user)
    assert "You have no role in any organization yet" in client.get("/").text


def test_secretary_cannot_revoke_a_role_only_an_admin_grants(as_persona, user_named):
    from branchwork.accounts.services import grant_create

    grant = grant_create(
        actor=TEST_ACTOR,
        user=user_named("engineer"),
        organization=Organization.objects.get(code="tr-highway"),
        role="admin",
    )
    response = as_persona("secretary").post(
        f"/accounts/roles/tr-highway/{grant.pk}/revoke/", follow=True
    )
    assert "Only an administrator can revoke this role." in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
