"""Guards added after a review of the program side: money bounds, group ownership, bad
dates, county changes, lengths under reported progress, hardened km, Excel text."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from branchwork.organizations.models import Organization
from branchwork.roads import selectors, services
from branchwork.roads.models import Division, RoadProject, VillageGroup
from tests.roads.test_projects import new_project


def test_a_total_investment_too_large_for_the_ledger_is_refused(user_named):
    with pytest.raises(ValidationError, match="too large"):
        new_project(
            user_named("engineer"),
            investment_central=Decimal("9999999999.99"),
            investment_provincial=Decimal("9999999999.99"),
        )


def test_groups_of_another_organization_cannot_be_connected(user_named):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    village = Division.objects.filter(code__startswith="520628", level="village").first()
    foreign = VillageGroup.objects.create(
        organization=Organization.objects.get(code="tr-transport"),
        village=village,
        county=project.county,
        name="外单位组",
        households=50,
    )
    with pytest.raises(ValidationError, match="another organization"):
        services.project_connect(actor=engineer, project=project, groups=[foreign])


def test_the_project_page_offers_only_groups_the_engineer_manages(as_persona, user_named):
    project, _ = new_project(user_named("engineer"))
    village = Division.objects.filter(code__startswith="520628", level="village").first()
    VillageGroup.objects.create(
        organization=Organization.objects.get(code="tr-transport"),
        village=village,
        county=project.county,
        name="外单位组",
        households=50,
    )
    page = as_persona("engineer").get(f"/roads/projects/{project.pk}/")
    choices = page.context["connect_form"].fields["groups"].queryset
    assert not choices.filter(name="外单位组").exists()
    assert choices.exists()


def test_connecting_groups_is_logged(as_persona, user_named):
    from branchwork.core.models import AuditEvent

    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    group = VillageGroup.objects.filter(
        county=project.county, organization__code="tr-highway", households__gte=30
    ).first()
    services.project_connect(actor=engineer, project=project, groups=[group])
    event = AuditEvent.objects.filter(object_id=str(project.pk)).order_by("-id").first()
    assert event.note == "Village groups connected" and str(group) in json.dumps(
        event.changes, ensure_ascii=False
    )


def test_a_bad_date_on_advance_is_an_error_not_today(as_persona, user_named):
    project, _ = new_project(user_named("engineer"))
    RoadProject.objects.filter(pk=project.pk).update(status="approved")
    client = as_persona("engineer")
    response = client.post(
        f"/roads/projects/{project.pk}/advance/", {"on": "2024-02-31"}, follow=True
    )
    project.refresh_from_db()
    assert project.status == "approved" and project.started_on is None
    assert "Enter a valid date." in response.content.decode()


def test_the_county_cannot_change_under_connected_groups(user_named):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    group = VillageGroup.objects.filter(
        county=project.county, organization__code="tr-highway"
    ).first()
    services.project_connect(actor=engineer, project=project, groups=[group])
    with pytest.raises(ValidationError, match="county cannot change"):
        services.project_save(
            actor=engineer,
            organization=project.organization,
            data={"county": Division.objects.get(code="520602"), "route_code": ""},
            project=project,
        )


def test_the_length_cannot_fall_below_the_km_reported_paved(user_named):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    RoadProject.objects.filter(pk=project.pk).update(
        status="under_construction", started_on=dt.date(2026, 1, 5)
    )
    project.refresh_from_db()
    services.progress_report(
        actor=engineer, project=project, month=dt.date(2026, 6, 1), km_paved=Decimal("2.0"), spent=1
    )
    with pytest.raises(ValidationError, match=r"give 2(\.0+)? km paved"):
        services.project_save(
            actor=engineer,
            organization=project.organization,
            data={"length_km": Decimal("1.5")},
            project=project,
        )


def test_km_built_counts_hardened_pavements_only(user_named, settings):
    engineer = user_named("engineer")
    before, _ = selectors.dashboard(user=engineer)
    project, _ = new_project(engineer, pavement_type="gravel")
    RoadProject.objects.filter(pk=project.pk).update(
        status="completed", completed_on=dt.date(2026, 5, 1)
    )
    after, _ = selectors.dashboard(user=engineer)
    assert after.km_done == before.km_done
    settings.ROADS_HARDENED_PAVEMENTS = ["concrete", "asphalt", "gravel"]
    counted, _ = selectors.dashboard(user=engineer)
    assert counted.km_done == before.km_done + project.length_km


def test_rate_is_never_rounded_up_to_100(user_named):
    row = selectors.CountyRow(county=None, eligible=5983, connected=5982)
    assert row.connected_rate == 99.9
    assert selectors.CountyRow(county=None, eligible=4, connected=4).connected_rate == 100.0


def test_excel_exports_keep_formula_like_text_as_text(as_persona, user_named):
    new_project(user_named("engineer"), name='=HYPERLINK("http://example.org","x")')
    content = as_persona("engineer").get("/roads/projects/?format=xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_api_refuses_huge_numbers_with_422(as_persona, user_named):
    project, _ = new_project(user_named("engineer"))
    client = as_persona("engineer")
    response = client.post(
        f"/api/roads/projects/{project.pk}/groups",
        json.dumps({"groups": [10**20]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        f"/roads/projects/{project.pk}/groups/", {"groups": [str(10**20)]}, follow=True
    )
    assert response.status_code == 200


def test_a_wrong_connection_can_be_undone_until_acceptance(as_persona, user_named):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    group = VillageGroup.objects.filter(
        county=project.county, organization__code="tr-highway"
    ).first()
    services.project_connect(actor=engineer, project=project, groups=[group])
    client = as_persona("engineer")
    response = client.post(f"/roads/projects/{project.pk}/groups/{group.pk}/remove/")
    assert response.status_code == 302 and not project.groups.exists()
    services.project_connect(actor=engineer, project=project, groups=[group])
    RoadProject.objects.filter(pk=project.pk).update(status="accepted")
    response = client.delete(f"/api/roads/projects/{project.pk}/groups/{group.pk}")
    assert (
        response.status_code == 422 and "final" in response.json()["error"]["details"][0]["message"]
    )
    assert project.groups.count() == 1


def test_project_list_filters_by_county_and_year(as_persona):
    client = as_persona("leader")
    page = client.get("/roads/projects/?county=520602&year=2018")
    projects = list(page.context["page"].object_list)
    assert projects and all(p.county.code == "520602" and p.year == 2018 for p in projects)
    assert client.get("/roads/projects/?year=abc").status_code == 404
