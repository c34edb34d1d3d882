import json

import pytest

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_invalid_input_uses_the_error_shape(as_persona):
    response = post_json(
        as_persona("secretary"),
        "/api/organizations/tr-highway/children",
        {"code": "g9", "name": "x", "org_type": "galaxy"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert any(d["field"].endswith("org_type") for d in error["details"])


def test_a_broken_rule_names_the_field_and_reason(as_persona):
    response = post_json(
        as_persona("secretary"),
        "/api/organizations/tr-highway-g1/children",
        {"code": "g9", "name": "x", "org_type": "party_group"},
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


def test_list_is_paginated_and_filtered(as_persona):
    body = as_persona("admin").get("/api/organizations", {"org_type": "party_group"}).json()
    assert body["count"] == 3
    assert [o["code"] for o in body["items"]] == ["tr-highway-g1", "tr-highway-g2", "tr-highway-g3"]
    assert body["items"][0]["parent"] == "tr-highway"


def test_committees_list_the_current_term(as_persona):
    items = as_persona("member").get("/api/organizations/tr-highway/committees").json()
    current = [c for c in items if c["is_current"]]
    assert len(current) == 1
    assert current[0]["posts"][0] == {"post": "secretary", "holder_name": "张伟"}


def test_openapi_and_docs_are_served(as_persona):
    client = as_persona("member")
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Branchwork API"
    assert "/api/organizations" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_session_writes_need_the_csrf_token(user_named):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user_named("secretary"))
    response = client.patch(
        "/api/organizations/tr-highway", json.dumps({"notes": "x"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)
