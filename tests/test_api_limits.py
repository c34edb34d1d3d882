"""Ordinary bad input to the API gets a clear 4xx with the error shape, never a 500."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def admin(as_persona):
    return as_persona("admin")


def _error(response, status):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["error"]["status"] == status
    return body["error"]


@pytest.mark.parametrize(
    "query", ["page=100000000000000000000", "page=0", "page_size=100000000000", "page_size=0"]
)
def test_page_numbers_and_sizes_outside_the_bounds_are_a_422(admin, query):
    _error(admin.get(f"/api/activity?{query}"), 422)


def test_the_last_allowed_page_is_an_empty_page(admin):
    response = admin.get("/api/activity?page=100000")
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("body", ["[]", '[{"name": "x"}]', "3", '"text"', "{not json"])
def test_a_body_that_is_not_a_json_object_is_a_422(admin, body):
    response = admin.patch(
        "/api/organizations/tr-highway", data=body, content_type="application/json"
    )
    _error(response, 422)


@pytest.mark.parametrize("text", ["bad\x00text", "lone \ud800 surrogate"])
def test_text_no_database_can_store_is_a_422_naming_the_field(admin, text):
    body = json.dumps({"notes": text})
    response = admin.patch(
        "/api/organizations/tr-highway", data=body, content_type="application/json"
    )
    error = _error(response, 422)
    assert error["details"][0]["field"] == "body.notes"


@pytest.mark.parametrize(
    ("query", "field"),
    [("search=a%00b", "query.search"), ("status=%00", "query.status"), ("x%00y=1", "query.xy")],
)
def test_nul_in_a_query_parameter_is_a_422_naming_the_parameter(admin, query, field):
    """PostgreSQL refuses NUL in any query text: a search with one was a server error there."""
    error = _error(admin.get(f"/api/meetings?{query}"), 422)
    assert error["message"] == "The request is not valid."
    assert error["details"] == [{"field": field, "message": "Text may not contain NUL characters."}]


def test_nul_in_a_form_field_is_a_422_in_the_api_and_a_400_on_pages(admin):
    """A NUL in a multipart field (an organization code) reached a PostgreSQL lookup: a 500."""
    response = admin.post("/api/maintenance/surveys", data={"org": "a\x00b", "year": "2024"})
    error = _error(response, 422)
    assert error["details"] == [
        {"field": "form.org", "message": "Text may not contain NUL characters."}
    ]
    page = admin.post("/members/new/", data={"organization": "\x00"})
    assert page.status_code == 400 and "form.organization" in page.content.decode()


def test_a_form_body_sent_to_a_json_endpoint_is_a_clean_error(admin):
    """Reading a form before the view (the NUL check) once kept the API from reading the raw
    body: a server error. The API's forms are checked in its parser instead."""
    url = "/api/organizations/tr-highway/children"
    for response in (
        admin.post(url, "name=x", content_type="application/x-www-form-urlencoded"),
        admin.post(url, {"name": "x"}),  # multipart
    ):
        assert response.status_code in (400, 422), response.content[:300]
        assert response.json()["error"]["status"] == response.status_code


def test_too_many_form_fields_or_too_much_form_data_on_a_page_is_refused(admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = "&".join(f"f{i}=x" for i in range(10))
    assert (
        admin.post("/members/new/", fields, "application/x-www-form-urlencoded").status_code == 400
    )
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = admin.post("/members/new/", "a=" + "x" * 2000, "application/x-www-form-urlencoded")
    assert big.status_code == 413


def test_nul_in_a_page_address_is_a_400_not_a_server_error(admin):
    response = admin.get("/members/?q=a%00b")
    assert response.status_code == 400
    assert "query.q" in response.content.decode()
    assert admin.get("/members/a%00b/").status_code == 400


def test_a_huge_body_is_a_413(admin):
    body = b'{"notes": "' + b"x" * (26 * 1024 * 1024) + b'"}'
    response = admin.patch(
        "/api/organizations/tr-highway", data=body, content_type="application/json"
    )
    _error(response, 413)


def test_a_body_over_the_memory_limit_is_a_413_not_a_500(admin):
    body = b'{"notes": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = admin.patch(
        "/api/organizations/tr-highway", data=body, content_type="application/json"
    )
    _error(response, 413)


def test_multipart_without_a_boundary_is_a_400(admin):
    response = admin.generic(
        "POST", "/api/members/import", data=b"--x\r\n", content_type="multipart/form-data"
    )
    _error(response, 400)


def test_the_schema_documents_every_error_response_in_one_shape(admin):
    schema = admin.get("/api/openapi.json").json()
    assert "Error" in schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("401", "403", "404", "409", "422"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (
                    method,
                    path,
                    status,
                )


def test_wrong_api_tokens_are_throttled_like_failed_sign_ins(db, settings):
    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    answers = [
        client.get("/api/activity", HTTP_AUTHORIZATION=f"Bearer bw_wrong{i}").status_code
        for i in range(5)
    ]
    # As for sign-ins (django-axes), the attempt that reaches the limit is already refused.
    assert answers == [401, 401, 429, 429, 429]


def test_a_user_whose_sign_in_is_paused_cannot_use_their_tokens(db, settings, user_named):
    from django.test import Client

    from branchwork.accounts.services import token_create

    settings.AXES_FAILURE_LIMIT = 2
    admin = user_named("admin")
    _token, raw = token_create(actor=admin, name="script")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/activity", **auth).status_code == 200
    for _ in range(2):
        client.post("/accounts/login/", {"username": "admin", "password": "wrong"})
    assert client.get("/api/activity", **auth).status_code == 401
