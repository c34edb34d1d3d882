import pytest

from branchwork.accounts.services import grant_create, user_create
from branchwork.core.models import AuditEvent
from branchwork.organizations import services
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_admin_reads_who_changed_what_with_before_and_after(as_persona, user_named):
    org = Organization.objects.get(code="tr-highway")
    services.organization_update(
        actor=user_named("secretary"), organization=org, short_name="公路支部"
    )
    response = as_persona("admin").get("/activity/", {"kind": "update"})
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["event"].actor_name == "secretary"
    assert [(c.field, c.after) for c in row["changes"]] == [("short name", "公路支部")]
    assert "<ins>公路支部</ins>" in response.text


def test_activity_is_for_administrators_only(as_persona):
    for persona in ["secretary", "inspector", "member", "outsider"]:
        assert as_persona(persona).get("/activity/").status_code == 403


def test_an_admin_of_a_subtree_sees_only_that_subtree(user_named):
    from django.test import Client

    local_admin = user_create(
        actor=TEST_ACTOR, username="organs-admin", password="a-Fine-pass-2026"
    )
    grant_create(
        actor=TEST_ACTOR,
        user=local_admin,
        organization=Organization.objects.get(code="tr-transport"),
        role="admin",
    )
    services.organization_update(
        actor=user_named("secretary"),
        organization=Organization.objects.get(code="tr-highway"),
        notes="changed",
    )
    client = Client()
    client.force_login(local_admin)
    paths = {r["event"].org_path for r in client.get("/activity/").context["rows"]}
    assert paths and all(p.startswith("/tr-cpc/tr-organs/tr-transport/") for p in paths)


def test_activity_api_uses_the_same_filters(as_persona, user_named):
    services.organization_update(
        actor=user_named("secretary"),
        organization=Organization.objects.get(code="tr-highway"),
        notes="x",
    )
    body = as_persona("admin").get("/api/activity", {"actor": "secretary"}).json()
    assert body["count"] >= 1
    assert {item["actor_name"] for item in body["items"]} == {"secretary"}


def test_demo_writes_are_audited_as_system():
    assert AuditEvent.objects.filter(actor_name="system", kind="create").exists()


def test_activity_names_related_records_and_choice_labels(as_persona, user_named):
    from branchwork.accounts.models import User
    from branchwork.accounts.services import grant_create

    grant_create(
        actor=user_named("admin"),
        user=User.objects.get(username="member"),
        organization=Organization.objects.get(code="tr-highway-g3"),
        role="member",
    )
    row = as_persona("admin").get("/activity/", {"q": "accounts.rolegrant"}).context["rows"][0]
    shown = {c.field: c.after for c in row["changes"]}
    assert shown["organization"] == "第三党小组（养护管理）"
    assert shown["role"] == "Member"
    assert shown["user"] == "周敏"
    assert "granted at" not in shown  # set by the database, said by the line's time


def test_activity_page_queries_do_not_grow_with_the_page(as_persona, django_assert_max_num_queries):
    client = as_persona("admin")
    client.get("/activity/")
    # Related records are named with one query per related model on the page (at most one per
    # model of the project), never one per line.
    with django_assert_max_num_queries(20):
        assert client.get("/activity/").status_code == 200
