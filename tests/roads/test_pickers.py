"""The road project's pickers (issue 11 §5): the township list follows the chosen county (an
HTMX endpoint allowed as the project form is), and the village-group picker is a searchable
list of checkboxes instead of a multi-select of hundreds of groups."""

from __future__ import annotations

import re

import pytest

from branchwork.roads.forms import ProjectForm
from branchwork.roads.models import Division, RoadProject, VillageGroup
from tests.roads.test_projects import new_project

pytestmark = pytest.mark.django_db


def option_values(html: str) -> list[str]:
    return re.findall(r'<option value="(\d*)"', html)


def test_the_township_endpoint_lists_only_the_chosen_countys_townships(as_persona):
    county = Division.objects.get(code="520628")
    own = {
        str(pk)
        for pk in Division.objects.filter(parent=county, level="township").values_list(
            "pk", flat=True
        )
    }
    assert own
    response = as_persona("engineer").get("/roads/townships/", {"county": county.pk})
    assert response.status_code == 200
    values = option_values(response.text)
    assert values[0] == "" and set(values[1:]) == own


@pytest.mark.parametrize("county", ["", "abc", "99999999999999", "-1", "0"])
def test_an_unknown_county_gives_no_township(as_persona, county):
    response = as_persona("engineer").get("/roads/townships/", {"county": county})
    assert response.status_code == 200
    assert option_values(response.text) == [""]


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("outsider", 403), ("anonymous", 302)]
)
def test_the_township_endpoint_is_allowed_as_the_project_form_is(as_persona, persona, status):
    assert as_persona(persona).get("/roads/townships/", {"county": 1}).status_code == status


def test_the_form_lists_the_townships_of_its_county_and_asks_for_them_on_change():
    county = Division.objects.get(code="520628")
    form = ProjectForm({"county": str(county.pk)})
    choices = [value for value, _label in form.fields["township"].widget.choices if value]
    expected = set(
        Division.objects.filter(parent=county, level="township").values_list("pk", flat=True)
    )
    assert set(choices) == expected
    html = str(form["county"])
    assert 'hx-get="/roads/townships/"' in html and 'hx-target="#id_township"' in html


def test_the_project_page_has_a_searchable_group_picker(as_persona, user_named):
    project, _warnings = new_project(user_named("engineer"))
    village = Division.objects.filter(code__startswith="520628", level="village").first()
    group = VillageGroup.objects.create(
        organization=project.organization,
        village=village,
        county=project.county,
        name="拣选组",
        households=45,
    )
    client = as_persona("engineer")
    page = client.get(f"/roads/projects/{project.pk}/").text
    assert 'data-filter-list="group-choices"' in page
    assert 'type="checkbox" name="groups"' in page and "拣选组" in page
    assert "<select" not in page.split('data-testid="connect-form"')[1].split("</form>")[0]
    response = client.post(f"/roads/projects/{project.pk}/groups/", {"groups": [group.pk]})
    assert response.status_code == 302
    assert RoadProject.objects.get(pk=project.pk).groups.filter(pk=group.pk).exists()
