import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branchwork.roads import selectors, services
from branchwork.roads.models import Division, RoadProject, VillageGroup

pytestmark = pytest.mark.django_db


def new_project(engineer, **overrides):
    from branchwork.organizations.models import Organization

    data = {
        "name": "松桃县测试组组通",
        "county": Division.objects.get(code="520628"),
        "route_code": "C901520628",
        "year": 2026,
        "length_km": Decimal("2.500"),
        "pavement_type": "concrete",
        "pavement_width_m": Decimal("3.50"),
        "investment_other": Decimal("180"),
    }
    data.update(overrides)
    return services.project_save(
        actor=engineer, organization=Organization.objects.get(code="tr-highway"), data=data
    )


def test_workflow_moves_the_dashboard(user_named):
    engineer = user_named("engineer")
    before, _ = selectors.dashboard(user=engineer)
    project, warnings = new_project(engineer)
    assert warnings == []
    group = VillageGroup.objects.create(
        organization=project.organization,
        village=Division.objects.filter(code__startswith="520628", level="village").first(),
        county=project.county,
        name="新组",
        households=45,
        poor_population=6,
    )
    services.project_connect(actor=engineer, project=project, groups=[group])
    services.project_advance(actor=engineer, project=project)
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 6, 1))
    assert project.started_on == dt.date(2026, 6, 1)
    mid, _ = selectors.dashboard(user=engineer)
    assert mid.km_done == before.km_done and mid.eligible == before.eligible + 1
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="Name the acceptance inspector"):
        services.project_advance(actor=engineer, project=project, on=dt.date(2026, 11, 10))
    services.project_advance(
        actor=engineer, project=project, on=dt.date(2026, 11, 10), inspector="杨帆"
    )
    after, _ = selectors.dashboard(user=engineer)
    assert after.km_done == before.km_done + Decimal("2.500")
    assert after.connected == before.connected + 1
    with pytest.raises(ValidationError, match="already accepted"):
        services.project_advance(actor=engineer, project=project)


def test_route_code_and_profile_checks(user_named):
    engineer = user_named("engineer")
    with pytest.raises(ValidationError, match="ends with the county code 520628"):
        new_project(engineer, route_code="C901520602")
    with pytest.raises(ValidationError, match="is not a route code"):
        new_project(engineer, route_code="C9")
    _project, warnings = new_project(
        engineer, pavement_width_m=Decimal("2.8"), pavement_type="gravel"
    )
    assert len(warnings) == 2 and "narrower" in warnings[0]


def test_groups_must_be_in_the_county(user_named):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    elsewhere = VillageGroup.objects.exclude(county=project.county).first()
    with pytest.raises(ValidationError, match="county"):
        services.project_connect(actor=engineer, project=project, groups=[elsewhere])


def test_pages(as_persona):
    client = as_persona("engineer")
    response = client.post(
        "/roads/projects/new/",
        {
            "name": "江口县测试路",
            "county": Division.objects.get(code="520621").pk,
            "route_code": "C900520621",
            "year": 2026,
            "length_km": "1.200",
            "pavement_type": "concrete",
            "pavement_width_m": "3.00",
            "investment_provincial": "60",
            "investment_local": "30",
        },
        follow=True,
    )
    assert "below the usual 3.5 m" in response.text
    project = RoadProject.objects.get(name="江口县测试路")
    assert project.investment == Decimal("90.00") and project.investment_central == 0
    assert as_persona("leader").get(f"/roads/projects/{project.pk}/").status_code == 200
    assert as_persona("leader").get(f"/roads/projects/{project.pk}/edit/").status_code == 403
    assert (
        "江口县测试路" in as_persona("inspector").get("/roads/projects/", {"q": "江口县测试"}).text
    )


def test_engineer_adds_a_village_group(as_persona):
    village = Division.objects.filter(code__startswith="520621", level="village").first()
    client = as_persona("engineer")
    response = client.post(
        "/roads/groups/",
        {
            "village_code": village.code,
            "name": "新寨组",
            "households": "36",
            "population": "150",
            "poor_households": "4",
            "poor_population": "13",
        },
    )
    assert response.status_code == 302
    group = VillageGroup.objects.get(name="新寨组")
    assert group.county.code == "520621" and group.village == village
    again = client.post(
        "/roads/groups/", {"village_code": village.code, "name": "新寨组", "households": "36"}
    )
    assert "already has a group called 新寨组" in again.text
    bad = client.post(
        "/roads/groups/", {"village_code": "999999999999", "name": "x", "households": "5"}
    )
    assert "No village has the code 999999999999" in bad.text
    assert as_persona("leader").get("/roads/groups/").context["form"] is None


def test_progress_reports_are_cumulative_and_bounded(user_named, as_persona):
    engineer = user_named("engineer")
    project, _ = new_project(engineer)
    with pytest.raises(ValidationError, match="once construction has started"):
        services.progress_report(
            actor=engineer, project=project, month=dt.date(2026, 9, 1), km_paved=1, spent=1
        )
    type(project).objects.filter(pk=project.pk).update(
        status="under_construction", started_on=dt.date(2026, 3, 2)
    )
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="before the start, 2026-03"):
        services.progress_report(
            actor=engineer, project=project, month=dt.date(2026, 2, 1), km_paved=1, spent=1
        )
    services.progress_report(
        actor=engineer,
        project=project,
        month=dt.date(2026, 9, 1),
        km_paved=Decimal("1.0"),
        spent=Decimal("60"),
    )
    with pytest.raises(
        ValidationError, match=r"Figures are cumulative: 2026-09 already reported 1\.000 km"
    ):
        services.progress_report(
            actor=engineer,
            project=project,
            month=dt.date(2026, 10, 1),
            km_paved=Decimal("0.5"),
            spent=Decimal("70"),
        )
    with pytest.raises(ValidationError, match=r"More than the project's 2\.500 km"):
        services.progress_report(
            actor=engineer,
            project=project,
            month=dt.date(2026, 10, 1),
            km_paved=Decimal("3"),
            spent=Decimal("70"),
        )
    response = as_persona("engineer").post(
        f"/roads/projects/{project.pk}/progress/",
        {"month": "2026-10", "km_paved": "2.000", "spent": "120"},
        follow=True,
    )
    assert "Progress recorded." in response.text
    assert [r.month.month for r in project.reports.all()] == [9, 10]
