"""Every maintenance service that writes leaves an activity line naming its actor (bulk writes
one "bulk" line with the count); attaching a patrol to a work order needs roads.manage on the
API as on the page; reads of profiles write nothing."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.accounts.models import RoleGrant, User
from branchwork.core.models import AuditEvent
from branchwork.core.roles import Role
from branchwork.maintenance import selectors, services
from branchwork.maintenance.models import ConditionProfile, Patrol, Route, SurveyUnit
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division
from tests.conftest import TEST_ACTOR, login_client

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
SHEET = (
    b"route_code,from_stake,to_stake,pavement,road_class,width_m,dr\n"
    b"X021520602,K4+000,K4+500,asphalt,class3,7,1.0\n"
    b"X021520602,K4+500,K5+000,asphalt,class3,7,2.0\n"
)


def _route_data(code: str = "Y011520602") -> dict:
    return {
        "code": code,
        "name": "乡道Y011",
        "technical_grade": "class4",
        "pavement": "concrete",
        "county": Division.objects.get(code="520602"),
        "start_stake": "K0+000",
        "end_stake": "K2+000",
        "width_m": 4.5,
    }


def _highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def _route() -> Route:
    return Route.objects.get(code="X021520602")


def _patrol() -> Patrol:
    return Patrol.objects.filter(route=_route()).first()


def _import():
    return services.survey_import(
        actor=TEST_ACTOR,
        user=User.objects.get(username="engineer"),
        organization=_highway(),
        year=2021,
        surveyed_on=dt.date(2021, 10, 1),
        name="s.csv",
        data=SHEET,
    )


WRITES = {
    "route_save": lambda: services.route_save(
        actor=TEST_ACTOR, organization=_highway(), data=_route_data()
    ),
    "survey_import": _import,
    "survey_delete": lambda: services.survey_delete(actor=TEST_ACTOR, survey=_import()),
    "patrol_record": lambda: services.patrol_record(
        actor=TEST_ACTOR,
        route=_route(),
        data={"patrolled_on": dt.date(2021, 3, 1), "inspector": "x", "findings": "ok"},
    ),
    "photo_add": lambda: services.photo_add(
        actor=TEST_ACTOR,
        patrol=_patrol(),
        upload=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
    ),
    "work_order_raise": lambda: services.work_order_raise(
        actor=TEST_ACTOR,
        route=_route(),
        data={
            "from_stake": "K1+000",
            "to_stake": "K1+010",
            "defect": "坑槽",
            "raised_on": dt.date(2026, 3, 1),
        },
    ),
    "profile_revise": lambda: services.profile_revise(
        actor=TEST_ACTOR,
        base=selectors.default_profile(),
        values={"pci.asphalt.a0": 16.0},
        note="test",
    ),
    "profile_assign": lambda: services.profile_assign(
        actor=TEST_ACTOR, year=2021, profile=selectors.default_profile()
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_leaves_an_activity_line_naming_the_actor(name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    WRITES[name]()
    lines = AuditEvent.objects.filter(pk__gt=before)
    assert lines.exists()
    assert {line.actor_name for line in lines} == {TEST_ACTOR.get_username()}


@pytest.mark.django_db
def test_survey_units_are_one_bulk_line_on_import_and_on_delete():
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    survey = _import()
    bulk = AuditEvent.objects.filter(pk__gt=before, kind="bulk")
    assert bulk.count() == 1
    line = bulk.get()
    assert line.changes["count"] == [None, 2] and line.org_path == _highway().path
    assert "2021" in line.note
    services.survey_delete(actor=TEST_ACTOR, survey=survey)
    bulk = AuditEvent.objects.filter(pk__gt=line.pk, kind="bulk")
    assert bulk.count() == 1 and bulk.get().changes["count"] == [None, 2]
    assert not SurveyUnit.objects.filter(year=2021).exists()


@pytest.mark.django_db
def test_reading_profiles_writes_nothing(as_persona):
    count = ConditionProfile.objects.count()
    client = as_persona("engineer")
    assert client.get("/maintenance/profiles/").status_code == 200
    assert client.get("/api/maintenance/profiles").status_code == 200
    assert ConditionProfile.objects.count() == count
    assert services.builtin_profiles_install(actor=TEST_ACTOR) == []


@pytest.mark.django_db
def test_api_attaching_a_patrol_needs_roads_manage_on_it():
    """A user who manages roads elsewhere but only sees the highway's patrol cannot attach it
    to a new work order (403), as on the page; the patrol's manager can (201)."""
    user = User.objects.create_user(username="two-hats", password="x")
    finance = Organization.objects.get(code="tr-finance")
    RoleGrant.objects.create(user=user, organization=finance, role=Role.ENGINEER)
    RoleGrant.objects.create(user=user, organization=_highway(), role=Role.LEADER)
    own = services.route_save(actor=TEST_ACTOR, organization=finance, data=_route_data())
    patrol = _patrol()
    payload = {"route_id": own.pk, "from_stake": "K0+100", "to_stake": "K0+200", "defect": "x"}
    response = login_client("two-hats").post(
        "/api/maintenance/work-orders",
        json.dumps({**payload, "patrol_id": patrol.pk}),
        content_type="application/json",
    )
    assert response.status_code == 403
    response = login_client("engineer").post(
        "/api/maintenance/work-orders",
        json.dumps(
            {
                "route_id": patrol.route_id,
                "from_stake": "K6+200",
                "to_stake": "K6+260",
                "defect": "坑槽",
                "patrol_id": patrol.pk,
                "raised_on": patrol.patrolled_on.isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["patrol_id"] == patrol.pk


@pytest.mark.django_db
def test_api_routes_use_the_unit_length_setting_and_the_shared_filter(settings):
    settings.MAINTENANCE_UNIT_LENGTH_M = 500
    client = login_client("engineer")
    body = {
        "org": "tr-highway",
        "code": "Y012520602",
        "name": "乡道Y012",
        "grade": "class4",
        "pavement": "concrete",
        "start_stake": "K0+000",
        "end_stake": "K2+000",
        "width_m": "4.50",
    }
    response = client.post(
        "/api/maintenance/routes", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["unit_length_m"] == 500 and response.json()["grade"] == "class4"
    found = client.get("/api/maintenance/routes?q=Y012").json()["items"]
    assert [r["code"] for r in found] == ["Y012520602"]
    page = client.get("/maintenance/routes/?q=Y012")
    assert b"Y012520602" in page.content and b"X021520602" not in page.content
    assert client.get("/api/maintenance/work-orders?status=nonsense").status_code == 422
