import pytest

from branchwork.accounts.services import grant_create
from branchwork.organizations import services
from tests.factories import username

pytestmark = pytest.mark.django_db


def test_admin_reads_who_changed_what_with_before_and_after(persona_tree):
    services.organization_update(
        actor=persona_tree.users["secretary"],
        organization=persona_tree.branch,
        short_name="公路支部",
    )
    response = persona_tree.client("admin").get("/activity/", {"kind": "update"})
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["event"].actor_name == username("secretary")
    assert [(c.field, c.after) for c in row["changes"]] == [("short name", "公路支部")]
    assert "<ins>公路支部</ins>" in response.text


@pytest.mark.parametrize("persona", ["secretary", "inspector", "member", "outsider"])
def test_activity_is_for_administrators_only(persona_tree, persona):
    assert persona_tree.client(persona).get("/activity/").status_code == 403


def test_an_admin_of_a_subtree_sees_only_that_subtree(persona_tree, make_persona):
    from django.test import Client

    local_admin = make_persona("admin", persona_tree.orgs["other"])
    services.organization_update(
        actor=persona_tree.users["secretary"], organization=persona_tree.branch, notes="changed"
    )
    services.organization_update(
        actor=persona_tree.users["outsider"],
        organization=persona_tree.orgs["other"],
        notes="changed",
    )
    client = Client()
    client.force_login(local_admin)
    paths = {r["event"].org_path for r in client.get("/activity/").context["rows"]}
    assert paths and all(p.startswith(persona_tree.orgs["other"].path) for p in paths)


def test_activity_api_uses_the_same_filters(persona_tree):
    services.organization_update(
        actor=persona_tree.users["secretary"], organization=persona_tree.branch, notes="x"
    )
    body = persona_tree.client("admin").get("/api/activity", {"actor": username("secretary")})
    body = body.json()
    assert body["count"] >= 1
    assert {item["actor_name"] for item in body["items"]} == {username("secretary")}


def test_activity_names_related_records_and_choice_labels(persona_tree):
    grant_create(
        actor=persona_tree.users["admin"],
        user=persona_tree.users["engineer"],
        organization=persona_tree.orgs["g2"],
        role="member",
    )
    client = persona_tree.client("admin")
    row = client.get("/activity/", {"q": "accounts.rolegrant"}).context["rows"][0]
    shown = {c.field: c.after for c in row["changes"]}
    assert shown["organization"] == "第二党小组"
    assert shown["role"] == "Member"
    assert shown["user"] == "杨工程师"
    assert "granted at" not in shown  # set by the database, said by the line's time


def test_activity_page_queries_do_not_grow_with_the_page(
    persona_tree, django_assert_max_num_queries
):
    client = persona_tree.client("admin")
    client.get("/activity/")
    # Related records are named with one query per related model on the page (at most one per
    # model of the project), never one per line.
    with django_assert_max_num_queries(20):
        assert client.get("/activity/").status_code == 200
