"""The central work on the branch home page: the 组组通 summary for those who see roads."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["secretary", "leader", "engineer", "inspector"])
def test_the_home_page_shows_the_program_to_those_who_see_roads(as_persona, persona):
    text = as_persona(persona).get("/").text
    assert 'data-testid="central-work"' in text and 'href="/roads/"' in text
    assert 'data-testid="central-work-km">12103<' in text
    assert 'data-testid="central-work-groups">5982<' in text
    assert "groups connected of 5982 eligible" in text
    assert 'data-testid="central-work-rate">100.0%<' in text


@pytest.mark.parametrize("persona", ["member", "organizer", "outsider"])
def test_others_do_not_see_it(as_persona, persona):
    # The organization committee member has no roads role; the other branch's secretary sees
    # roads but her branch has no program.
    assert 'data-testid="central-work"' not in as_persona(persona).get("/").text
