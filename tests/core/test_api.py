import json

import pytest

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_invalid_input_uses_the_error_shape(persona_tree):
    response = post_json(
        persona_tree.client("secretary"),
        "/api/organizations/pt-branch/children",
        {"code": "pt-g9", "name": "x", "org_type": "galaxy"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert any(d["field"].endswith("org_type") for d in error["details"])


def test_a_broken_rule_names_the_field_and_reason(persona_tree):
    response = post_json(
        persona_tree.client("secretary"),
        "/api/organizations/pt-branch-g1/children",
        {"code": "pt-g9", "name": "x", "org_type": "party_group"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {
            "field": "org_type",
            "message": "Nothing can be added under a Party group.",
        }
    ]


def test_anonymous_gets_401_in_the_error_shape(client):
    response = client.get("/api/organizations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_list_is_paginated_and_filtered(persona_tree):
    body = persona_tree.client("admin").get("/api/organizations", {"org_type": "party_group"})
    body = body.json()
    assert body["count"] == 3
    assert [o["code"] for o in body["items"]] == ["pt-branch-g1", "pt-branch-g2", "pt-other-g1"]
    assert body["items"][0]["parent"] == "pt-branch"


def test_committees_list_the_current_term(persona_tree):
    items = persona_tree.client("member").get("/api/organizations/pt-branch/committees").json()
    current = [c for c in items if c["is_current"]]
    assert len(current) == 1
    assert current[0]["posts"][0] == {"post": "secretary", "holder_name": "张书记"}


def test_openapi_and_docs_are_served(persona_tree):
    client = persona_tree.client("member")
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Branchwork API"
    assert "/api/organizations" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_session_writes_need_the_csrf_token(persona_tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(persona_tree.users["secretary"])
    response = client.patch(
        "/api/organizations/pt-branch", json.dumps({"notes": "x"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)
