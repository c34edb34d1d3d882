"""Every roads service that writes leaves an activity line naming its actor; bulk writes
leave one summary line with the count."""

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from branchwork.core.models import AuditEvent
from branchwork.organizations.models import Organization
from branchwork.roads import selectors, services
from branchwork.roads.models import (
    Division,
    ProgramTarget,
    ProvinceRank,
    RoadProject,
    VillageGroup,
)
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def _highway():
    return Organization.objects.get(code="tr-highway")


def _project(engineer, **data):
    county = Division.objects.get(code="520628")
    project, _w = services.project_save(
        actor=engineer,
        organization=_highway(),
        data={
            "name": "审计测试路",
            "county": county,
            "year": 2026,
            "length_km": Decimal("2"),
            "pavement_type": "concrete",
            "pavement_width_m": Decimal("3.5"),
            **data,
        },
    )
    return project


def _write_project_save(engineer):
    return _project(engineer), "roads.roadproject"


def _write_project_advance(engineer):
    project = _project(engineer)
    services.project_advance(actor=engineer, project=project)
    return project, "roads.roadproject"


def _group(engineer, name="审计组"):
    village = Division.objects.filter(level="village", code__startswith="520628").first()
    return services.group_create(
        actor=engineer,
        organization=_highway(),
        village=village,
        data={"name": name, "households": 40},
    )


def _write_group_create(engineer):
    return _group(engineer), "roads.villagegroup"


def _write_project_connect(engineer):
    project, group = _project(engineer), _group(engineer)
    services.project_connect(actor=engineer, project=project, groups=[group])
    return project, "roads.roadproject"


def _write_project_disconnect(engineer):
    project, group = _project(engineer), _group(engineer)
    services.project_connect(actor=engineer, project=project, groups=[group])
    services.project_disconnect(actor=engineer, project=project, group=group)
    return project, "roads.roadproject"


def _write_progress_report(engineer):
    project = _project(engineer, started_on=dt.date(2026, 1, 5))
    for _step in range(2):
        services.project_advance(actor=engineer, project=project)
    report = services.progress_report(
        actor=engineer,
        project=project,
        month=dt.date(2026, 2, 1),
        km_paved=Decimal("1"),
        spent=Decimal("10"),
    )
    return report, "roads.progressreport"


def _write_target_save(engineer):
    target = services.target_save(
        actor=engineer,
        organization=_highway(),
        data={
            "county": Division.objects.get(code="520628"),
            "year": 2031,
            "groups": 3,
            "km": Decimal("4"),
        },
    )
    return target, "roads.programtarget"


def _write_province_rank_save(engineer):
    entry = services.province_rank_save(
        actor=engineer,
        organization=_highway(),
        rank=4,
        prefecture="测试市",
        km=100,
        groups=10,
        source="test",
    )
    return entry, "roads.provincerank"


WRITES = [
    _write_project_save,
    _write_project_advance,
    _write_group_create,
    _write_project_connect,
    _write_project_disconnect,
    _write_progress_report,
    _write_target_save,
    _write_province_rank_save,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__[7:] for w in WRITES])
def test_each_write_leaves_an_activity_line_naming_the_actor(write, user_named):
    engineer = user_named("engineer")
    before = AuditEvent.objects.count()
    obj, model = write(engineer)
    lines = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
    mine = [e for e in lines if e.model == model and e.object_id == str(obj.pk)]
    assert mine, f"no activity line for {model} {obj.pk}"
    assert all(e.actor_name == engineer.get_username() for e in mine)


def test_a_village_group_keeps_its_history(user_named):
    group = _group(user_named("engineer"))
    assert group.history.count() == 1
    assert group.history.first().history_user == user_named("engineer")


def test_loading_divisions_writes_one_bulk_line_with_a_named_system_actor(tmp_path: Path):
    source = tmp_path / "d.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerow(["520628999000", "测试镇", "township", "520628"])
        writer.writerow(["520628999001", "测试村", "village", "520628999000"])
    before = AuditEvent.objects.filter(kind="bulk").count()
    call_command("roads", "load-divisions", str(source), stdout=open("/dev/null", "w"))  # noqa: SIM115
    lines = AuditEvent.objects.filter(kind="bulk").order_by("-pk")
    assert lines.count() == before + 1
    line = lines.first()
    assert line.actor_name == "command: roads load-divisions"
    assert line.model == "roads.division"
    assert line.changes["count"] == [None, 4]  # two added, two given their parents


def test_program_load_writes_one_bulk_line_per_model():
    county = Division.objects.get(code="520628")
    village = Division.objects.filter(level="village", code__startswith="520628").first()
    highway = _highway()
    groups = [
        VillageGroup(
            organization=highway, village=village, county=county, name=f"批量{i}", households=31
        )
        for i in range(3)
    ]
    project = RoadProject(
        organization=highway,
        name="批量路",
        county=county,
        year=2026,
        length_km=Decimal("1"),
        pavement_type="concrete",
        pavement_width_m=Decimal("3.5"),
    )
    target = ProgramTarget(
        organization=highway, county=county, year=2032, groups=3, km=Decimal("1")
    )
    before = AuditEvent.objects.filter(kind="bulk").count()
    counts = services.program_load(
        actor=TEST_ACTOR,
        organization=highway,
        groups=groups,
        projects=[(project, [0, 1, 2])],
        targets=[target],
    )
    assert counts == {"groups": 3, "projects": 1, "targets": 1}
    assert project.groups.count() == 3
    lines = list(AuditEvent.objects.filter(kind="bulk").order_by("pk"))[before:]
    assert [(e.model, e.changes["count"][1], e.actor_name) for e in lines] == [
        ("roads.villagegroup", 3, "test"),
        ("roads.roadproject", 1, "test"),
        ("roads.programtarget", 1, "test"),
    ]
    assert {e.org_path for e in lines} == {highway.path}


def test_the_province_ranking_is_the_demo_data(user_named):
    ranking = list(selectors.province_ranking(user=user_named("engineer")))
    assert [(e.rank, e.prefecture, e.km, e.groups) for e in ranking] == [(3, "铜仁市", 12103, 5982)]
    assert ProvinceRank.objects.count() == 1


def test_the_projects_api_searches_the_name_like_the_page(as_persona):
    client = as_persona("engineer")
    page = client.get("/roads/projects/", {"q": "碧江"})
    api = client.get("/api/roads/projects", {"q": "碧江", "page_size": 500})
    names = {item["name"] for item in json.loads(api.content)["items"]}
    assert names and all("碧江" in n for n in names)
    assert json.loads(api.content)["count"] == page.context["page"].paginator.count
    export = client.get("/roads/projects/", {"q": "碧江", "format": "xlsx"})
    assert export.status_code == 200
