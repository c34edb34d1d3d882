"""Households' personal data is masked unless the viewer manages assistance; a paired member
reaches their own households through the member linked to their user and records visits."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.assistance.models import Visit
from tests.assistance.factories import build

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def data(persona_tree):
    return build(persona_tree)


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("secretary", "田大山"), ("leader", "田大山"), ("inspector", "田**"), ("propaganda", "田**")],
)
def test_household_names_are_masked_without_the_manage_action(persona_tree, data, persona, shown):
    response = persona_tree.client(persona).get(
        f"/assistance/households/?org={persona_tree.branch.code}"
    )
    assert response.status_code == 200
    assert shown in response.text
    if shown.endswith("*"):
        assert "田大山" not in response.text
        assert "13800001111" not in response.text


def test_a_member_sees_their_pairings_and_records_a_visit_with_a_photo(persona_tree, data):
    client = persona_tree.client("member")
    page = client.get("/assistance/me/")
    assert page.status_code == 200
    assert "田大山" in page.text  # their own household, unmasked
    response = client.post(
        f"/assistance/pairings/{data.pairing.pk}/visit/",
        {
            "date": dt.date.today().isoformat(),
            "discussed": "春耕和孩子上学",
            "help_given": "联系了化肥",
            "photos": [SimpleUploadedFile("visit.png", PNG)],
        },
    )
    assert response.status_code == 302, response.content[:400]
    visit = Visit.objects.get(pairing=data.pairing)
    assert visit.recorded_by == persona_tree.users["member"]
    photo = visit.photos.get()
    assert client.get(f"/assistance/photos/{photo.pk}/").status_code == 200
    assert persona_tree.client("outsider").get(f"/assistance/photos/{photo.pk}/").status_code == 404


def test_another_member_cannot_record_a_visit_to_someone_elses_household(
    persona_tree, data, make_persona
):
    from branchwork.core.roles import Role

    other = make_persona(Role.MEMBER, persona_tree.branch)
    from django.test import Client

    client = Client()
    client.force_login(other)
    assert client.get(f"/assistance/pairings/{data.pairing.pk}/visit/").status_code == 404
    assert client.get("/assistance/me/").status_code == 200


def test_a_visit_in_the_future_is_refused(persona_tree, data):
    client = persona_tree.client("member")
    response = client.post(
        f"/assistance/pairings/{data.pairing.pk}/visit/",
        {"date": (dt.date.today() + dt.timedelta(days=2)).isoformat(), "discussed": "x"},
    )
    assert response.status_code == 200
    assert not Visit.objects.filter(pairing=data.pairing).exists()


def test_a_photo_that_is_not_an_image_is_refused(persona_tree, data):
    client = persona_tree.client("member")
    response = client.post(
        f"/assistance/pairings/{data.pairing.pk}/visit/",
        {
            "date": dt.date.today().isoformat(),
            "discussed": "x",
            "photos": [SimpleUploadedFile("visit.png", b"not a png")],
        },
    )
    assert response.status_code == 200
    assert not Visit.objects.filter(pairing=data.pairing).exists()
