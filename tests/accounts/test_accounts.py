import pytest
from django.test import Client

from branchwork.accounts.models import ApiToken, RoleGrant
from branchwork.accounts.selectors import grantable_roles
from branchwork.core.models import AuditEvent
from tests.conftest import TEST_ACTOR
from tests.factories import PASSWORD, username

pytestmark = pytest.mark.django_db


def test_login_and_logout(persona_tree):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username("secretary"), "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_repeated_failures_pause_signing_in(persona_tree):
    member = {"username": username("member"), "password": PASSWORD}
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        response = client.post("/accounts/login/", {**member, "password": "nope"})
    # Locked now: even the right password is refused for this username and address.
    response = client.post("/accounts/login/", member)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.10")
    response = other.post("/accounts/login/", member)
    assert response.status_code == 302


def test_password_change_applies_the_validators(persona_tree):
    client = persona_tree.client("member")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert "This password is too short" in response.text
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-Much-longer-pass-2026",
            "new_password2": "a-Much-longer-pass-2026",
        },
    )
    assert response.status_code == 302


def test_token_is_shown_once_stored_hashed_and_works_until_revoked(persona_tree):
    client = persona_tree.client("secretary")
    response = client.post("/accounts/profile/", {"name": "sync"})
    raw = response.context["new_token"]
    assert raw.startswith("bw_") and raw in response.text
    token = ApiToken.objects.get(name="sync")
    assert raw not in (token.key_hash, token.hint) and token.key_hash != raw
    assert raw not in client.get("/accounts/profile/").text  # never shown again

    api = Client()
    me = api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["username"] == username("secretary")
    assert api.get("/api/me", HTTP_AUTHORIZATION="Bearer bw_wrong").status_code == 401

    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    events = AuditEvent.objects.filter(model="accounts.apitoken", object_id=str(token.pk))
    assert sorted(e.note for e in events) == ["created", "revoked"]
    # The activity log keeps neither the secret nor its hash or hint.
    assert all(raw not in str(e.changes) and token.key_hash not in str(e.changes) for e in events)
    assert not any({"key_hash", "hint"} & set(e.changes) for e in events)


def test_token_name_is_required(persona_tree):
    response = persona_tree.client("secretary").post("/accounts/profile/", {"name": "  "})
    assert response.context["new_token"] is None
    assert not ApiToken.objects.filter(user=persona_tree.users["secretary"]).exists()


def test_nobody_revokes_another_users_token(persona_tree):
    from branchwork.accounts.services import token_create

    token, _ = token_create(actor=persona_tree.users["secretary"], name="mine")
    assert (
        persona_tree.client("admin").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    )
    token.refresh_from_db()
    assert token.is_active


def test_secretary_grants_branch_roles_but_not_admin_or_inspector(persona_tree):
    client = persona_tree.client("secretary")
    engineer, branch, users = username("engineer"), persona_tree.branch, persona_tree.users
    response = client.post("/accounts/roles/pt-branch/", {"username": engineer, "role": "member"})
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user__username=engineer, role="member").exists()
    response = client.post("/accounts/roles/pt-branch/", {"username": engineer, "role": "admin"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    roles = grantable_roles(users["secretary"], branch)
    assert set(roles) == {
        "deputy_secretary",
        "organization",
        "propaganda",
        "discipline",
        "member",
        "leader",
        "engineer",
    }
    assert "inspector" in grantable_roles(users["admin"], branch)
    assert grantable_roles(users["member"], branch) == []
    assert grantable_roles(users["outsider"], branch) == []


def test_granting_to_an_unknown_user_names_them(persona_tree):
    response = persona_tree.client("secretary").post(
        "/accounts/roles/pt-branch/", {"username": "nobody", "role": "member"}
    )
    assert "No active user is called nobody." in response.text


def test_admin_cannot_revoke_their_own_admin_role(persona_tree):
    grant = RoleGrant.objects.get(user=persona_tree.users["admin"], role="admin")
    response = persona_tree.client("admin").post(
        f"/accounts/roles/pt-root/{grant.pk}/revoke/", follow=True
    )
    assert "You cannot revoke your own role; ask another administrator." in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_nobody_revokes_their_own_role(persona_tree):
    grant = RoleGrant.objects.get(user=persona_tree.users["secretary"], role="secretary")
    response = persona_tree.client("secretary").post(
        f"/accounts/roles/pt-branch/{grant.pk}/revoke/", follow=True
    )
    assert "You cannot revoke your own role" in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_switcher_moves_between_granted_organizations_only(persona_tree):
    client = persona_tree.client("secretary")
    assert "测试支部委员会" in client.get("/").text
    client.post("/accounts/switch-organization/", {"org": "pt-branch-g1"})
    assert "第一党小组</h1>" in client.get("/").text
    assert client.post("/accounts/switch-organization/", {"org": "pt-other"}).status_code == 404
    response = client.post(
        "/accounts/switch-organization/", {"org": "pt-branch", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_user_without_roles_gets_a_friendly_home(db):
    from tests.factories import UserFactory

    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    assert "You have no role in any organization yet" in client.get("/").text


def test_secretary_cannot_revoke_a_role_only_an_admin_grants(persona_tree):
    from branchwork.accounts.services import grant_create

    grant = grant_create(
        actor=TEST_ACTOR,
        user=persona_tree.users["engineer"],
        organization=persona_tree.branch,
        role="admin",
    )
    response = persona_tree.client("secretary").post(
        f"/accounts/roles/pt-branch/{grant.pk}/revoke/", follow=True
    )
    assert "Only an administrator can revoke this role." in response.text
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
