"""Project fields of issue 6: township, stakes, widths, thickness, passing bays, investment
by source, supervisor and the start date, with their rules (errors) and profile checks
(warnings)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branchwork.organizations.models import Organization
from branchwork.roads import services, workflow
from branchwork.roads.models import Division, RoadProject

pytestmark = pytest.mark.django_db

SONGTAO = "520628"


def save(engineer, project=None, **overrides):
    data = {
        "name": "松桃县细节测试路",
        "county": Division.objects.get(code=SONGTAO),
        "route_code": "C902520628",
        "year": 2026,
        "length_km": Decimal("2.000"),
        "pavement_type": "concrete",
        "pavement_width_m": Decimal("3.50"),
    }
    if project is not None:
        data = {}
    data.update(overrides)
    return services.project_save(
        actor=engineer,
        organization=Organization.objects.get(code="tr-highway"),
        data=data,
        project=project,
    )


def test_total_investment_is_the_sum_of_the_sources(user_named):
    engineer = user_named("engineer")
    project, _ = save(
        engineer,
        investment_central=Decimal("100"),
        investment_provincial=Decimal("50.50"),
        investment_local=Decimal("20"),
        investment_other=None,
    )
    assert project.investment == Decimal("170.50") and project.investment_other == 0
    project, _ = save(engineer, project=project, investment_other=Decimal("9.50"))
    project.refresh_from_db()
    assert project.investment == Decimal("180.00")
    with pytest.raises(ValidationError, match="cannot be negative"):
        save(engineer, project=project, investment_local=Decimal("-1"))
    project.refresh_from_db()
    # A total sent on its own is not trusted: it is always recomputed from the sources.
    project, _ = save(engineer, project=project, investment=Decimal("999"))
    assert project.investment == Decimal("180.00")


def test_stakes_are_checked_and_a_length_mismatch_warns(user_named):
    engineer = user_named("engineer")
    with pytest.raises(ValidationError, match="K1200 is not a stake"):
        save(engineer, start_stake="K0+000", end_stake="K1200")
    with pytest.raises(ValidationError, match="must come after the start stake"):
        save(engineer, start_stake="K2+000", end_stake="K1+500")
    with pytest.raises(ValidationError, match="both stakes or neither"):
        save(engineer, start_stake="K0+000")
    project, warnings = save(engineer, start_stake=" k0+000", end_stake="K2+080")
    assert (project.start_stake, project.end_stake) == ("K0+000", "K2+080")
    assert warnings == []  # 2.080 km against 2.000 km: within 5 %
    _project, warnings = save(engineer, start_stake="K0+000", end_stake="K2+150")
    assert warnings == [
        "The stakes give 2.150 km but the length is 2.000 km (more than 5 % apart)."
    ]


def test_profile_warnings_never_refuse(user_named):
    engineer = user_named("engineer")
    project, warnings = save(
        engineer,
        subgrade_width_m=Decimal("3.20"),
        pavement_thickness_cm=Decimal("15"),
        passing_bays=2,
    )
    assert project.pk is not None
    assert warnings == [
        "The subgrade (3.20 m) is narrower than the pavement (3.50 m).",
        "A concrete pavement of 15 cm is thinner than the usual 18 cm.",
        "2 passing bays on 2.000 km leave 667 m between them on average; the group-road "
        "profile expects one about every 300 m.",
    ]
    _project, warnings = save(
        engineer,
        subgrade_width_m=Decimal("4.00"),
        pavement_thickness_cm=Decimal("20"),
        passing_bays=6,
    )
    assert warnings == ["A subgrade of 4.00 m is below the usual 4.5 m."]
    _project, warnings = save(
        engineer, subgrade_width_m=Decimal("4.50"), pavement_thickness_cm=Decimal("20")
    )
    assert warnings == []
    assert workflow.PROFILE["status"] == "UNVERIFIED"


def test_township_must_belong_to_the_county(user_named):
    engineer = user_named("engineer")
    township = Division.objects.filter(level="township", parent__code=SONGTAO).first()
    project, _ = save(engineer, township=township)
    assert project.township == township
    elsewhere = Division.objects.filter(level="township", parent__code="520621").first()
    with pytest.raises(ValidationError, match=f"{elsewhere.name} is not a township of"):
        save(engineer, township=elsewhere)
    village = Division.objects.filter(level="village", code__startswith=SONGTAO).first()
    with pytest.raises(ValidationError, match="is not a township"):
        save(engineer, township=village)


def test_dates_stay_in_order(user_named):
    engineer = user_named("engineer")
    project, _ = save(engineer, started_on=dt.date(2026, 5, 1))
    services.project_advance(actor=engineer, project=project)  # approved
    services.project_advance(actor=engineer, project=project)  # under construction
    assert project.started_on == dt.date(2026, 5, 1)  # the date already entered
    with pytest.raises(
        ValidationError,
        match=r"Completion \(2026-04-30\) must come after the start .*\(2026-05-01\)",
    ):
        services.project_advance(actor=engineer, project=project, on=dt.date(2026, 4, 30))
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 9, 30))
    with pytest.raises(
        ValidationError,
        match=r"Completion \(2026-09-30\) must come after the start .*\(2026-10-01\)",
    ):
        save(engineer, project=project, started_on=dt.date(2026, 10, 1))
    project.refresh_from_db()
    with pytest.raises(
        ValidationError,
        match=r"Acceptance \(2026-09-01\) must come after completion \(2026-09-30\)",
    ):
        services.project_advance(
            actor=engineer, project=project, on=dt.date(2026, 9, 1), inspector="杨帆"
        )
    project.refresh_from_db()
    assert project.status == "completed" and project.accepted_on is None


def test_a_step_without_its_date_is_refused_never_today(user_named):
    """Issue 11: a blank date in a workflow step is an error, never silently today (this test
    used to assert that starting construction took today for a planned future start)."""
    from django.utils import timezone

    engineer = user_named("engineer")
    future = timezone.localdate() + dt.timedelta(days=30)
    project, _ = save(engineer, started_on=future)
    services.project_advance(actor=engineer, project=project)
    with pytest.raises(ValidationError, match="Give the date of this step"):
        services.project_advance(actor=engineer, project=project)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.project_advance(actor=engineer, project=project, on=future)
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="Give the date of this step"):
        services.project_advance(actor=engineer, project=project)
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 5, 1))  # same day
    with pytest.raises(ValidationError, match="Give the date of this step"):
        services.project_advance(actor=engineer, project=project, inspector="杨帆")
    project.refresh_from_db()
    assert project.status == "completed" and project.completed_on == dt.date(2026, 5, 1)


def test_required_fields_are_refused_in_the_service(user_named):
    engineer = user_named("engineer")
    project, _ = save(engineer)
    with pytest.raises(ValidationError, match="This field is required"):
        save(engineer, project=project, name="  ")
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="more than 0 km"):
        save(engineer, project=project, length_km=Decimal("0"))


def test_the_data_migration_moves_totals_to_other(user_named):
    from django.apps import apps

    migration = importlib.import_module("branchwork.roads.migrations.0007_investment_to_other")
    project, _ = save(user_named("engineer"), investment_other=Decimal("88"))
    RoadProject.objects.filter(pk=project.pk).update(investment_other=0)
    migration.totals_to_other(apps, None)
    project.refresh_from_db()
    assert project.investment_other == project.investment == Decimal("88.00")
    assert project.history.first().investment_other == Decimal("88.00")


def test_demo_money_stays_under_other_sources():
    demo = RoadProject.objects.filter(organization__code="tr-highway")
    assert not demo.exclude(investment_other=models_f("investment")).exists()
    assert not demo.exclude(investment_central=0).exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_form_and_detail_page_show_the_new_fields(as_persona):
    township = Division.objects.filter(level="township", parent__code="520621").first()
    client = as_persona("engineer")
    form_page = client.get("/roads/projects/new/").text
    for field in ("township", "start_stake", "subgrade_width_m", "investment_central"):
        assert f'name="{field}"' in form_page
    response = client.post(
        "/roads/projects/new/",
        {
            "name": "江口县细节路",
            "county": Division.objects.get(code="520621").pk,
            "township": township.pk,
            "route_code": "C903520621",
            "start_stake": "K0+000",
            "end_stake": "K3+000",
            "year": 2026,
            "length_km": "1.500",
            "subgrade_width_m": "3.00",
            "pavement_type": "concrete",
            "pavement_width_m": "3.50",
            "investment_central": "40",
            "investment_other": "10",
            "supervisor": "铜仁监理公司",
            "started_on": "2026-03-01",
        },
        follow=True,
    )
    text = response.text
    assert "The stakes give 3.000 km but the length is 1.500 km" in text
    assert "narrower than the pavement" in text
    assert 'data-testid="investment-total">50.00<' in text
    assert township.name in text and "铜仁监理公司" in text and "2026-03-01" in text
    assert 'data-testid="profile-warnings"' in text
    bad = client.post(
        "/roads/projects/new/",
        {
            "name": "坏桩号",
            "county": Division.objects.get(code="520621").pk,
            "year": 2026,
            "length_km": "1",
            "pavement_type": "concrete",
            "pavement_width_m": "3.5",
            "start_stake": "K0+000",
            "end_stake": "Kx",
        },
    )
    assert bad.status_code == 200, bad
    assert "KX is not a stake" in bad.text, bad.context["form"].errors


def test_projects_export_has_the_new_columns(as_persona):
    from io import BytesIO

    from openpyxl import load_workbook

    response = as_persona("leader").get("/roads/projects/", {"format": "xlsx", "q": "碧江区"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert "Central funds (10,000 yuan)" in header and "Supervisor" in header
    assert "Groups connected" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[1] == "碧江区" for r in rows)
    assert rows[0][-1] == 6  # the demo connects six groups per project


def test_the_group_road_profile_can_be_changed_by_a_setting(settings):
    from decimal import Decimal

    from django.core.exceptions import ImproperlyConfigured

    from branchwork.config.env import group_road_numbers
    from branchwork.roads import workflow

    assert workflow.profile_warnings("concrete", Decimal("3.5")) == []
    settings.ROADS_GROUP_ROAD_PROFILE = group_road_numbers(["normal_pavement_width_m = 4.0"])
    assert "below the usual 4.0 m" in workflow.profile_warnings("concrete", Decimal("3.5"))[0]
    for bad in (["lane_width=3"], ["min_pavement_width_m=wide"], ["passing_bay_spacing_m=0"]):
        with pytest.raises(ImproperlyConfigured, match="ROADS_GROUP_ROAD_PROFILE"):
            group_road_numbers(bad)
