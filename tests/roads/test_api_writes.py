"""Writes over the API: engineers of the highway branch write, the leader and the inspector
read, other branches see nothing; broken rules are 422 in the one error shape."""

import json

import pytest

from branchwork.roads.models import Division, RoadProject, VillageGroup

pytestmark = pytest.mark.django_db

NEW = {
    "organization": "tr-highway",
    "name": "API测试路",
    "county": "520628",
    "route_code": "C904520628",
    "start_stake": "K0+000",
    "end_stake": "K2+500",
    "year": 2026,
    "length_km": "2.500",
    "subgrade_width_m": "4.50",
    "pavement_type": "concrete",
    "pavement_width_m": "3.50",
    "pavement_thickness_cm": "20",
    "passing_bays": 8,
    "investment_central": "100",
    "investment_provincial": "50",
    "investment_local": "25.5",
    "contractor": "贵州路桥",
    "supervisor": "铜仁监理",
}


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_create_update_and_read_a_project(as_persona):
    engineer = as_persona("engineer")
    township = Division.objects.filter(level="township", parent__code="520628").first()
    response = send(engineer, "post", "/api/roads/projects", {**NEW, "township": township.code})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["investment"] == "175.50" and body["investment_other"] == "0.00"
    assert body["township_name"] == township.name and body["warnings"] == []
    assert body["status"] == "planned" and body["groups"] == []
    changed = send(
        engineer,
        "patch",
        f"/api/roads/projects/{body['id']}",
        {"investment_other": "4.5", "subgrade_width_m": "3.00"},
    ).json()
    assert changed["investment"] == "180.00" and changed["length_km"] == "2.500"
    assert changed["warnings"] == ["The subgrade (3.00 m) is narrower than the pavement (3.50 m)."]
    leader = as_persona("leader").get(f"/api/roads/projects/{body['id']}").json()
    assert leader["supervisor"] == "铜仁监理" and leader["warnings"] == changed["warnings"]
    listed = as_persona("inspector").get("/api/roads/projects", {"year": 2026}).json()
    assert [p["name"] for p in listed["items"]] == ["API测试路"]


def test_a_broken_rule_is_a_422_with_the_field_and_the_reason(as_persona):
    engineer = as_persona("engineer")
    body = send(engineer, "post", "/api/roads/projects", {**NEW, "route_code": "C904520602"}).json()
    assert body == {
        "error": {
            "status": 422,
            "code": "invalid",
            "message": "The request breaks a rule.",
            "details": [
                {
                    "field": "route_code",
                    "message": "The route code ends with the county code 520628.",
                }
            ],
        }
    }
    body = send(engineer, "post", "/api/roads/projects", {**NEW, "end_stake": "K0+000"}).json()
    assert body["error"]["details"][0]["field"] == "end_stake"
    body = send(engineer, "post", "/api/roads/projects", {**NEW, "township": "520621100"}).json()
    assert body["error"]["details"] == [
        {"field": "township", "message": "No township has the code 520621100."}
    ]
    body = send(engineer, "post", "/api/roads/projects", {**NEW, "length_km": "-1"}).json()
    assert body["error"]["status"] == 422 and body["error"]["details"][0]["field"].endswith(
        "length_km"
    )
    assert not RoadProject.objects.filter(name="API测试路").exists()


def test_roles_and_scope(as_persona):
    project = RoadProject.objects.filter(organization__code="tr-highway").first()
    url = f"/api/roads/projects/{project.pk}"
    assert send(as_persona("leader"), "patch", url, {"name": "x"}).status_code == 403
    assert send(as_persona("inspector"), "patch", url, {"name": "x"}).status_code == 403
    outside = send(as_persona("outsider"), "patch", url, {"name": "x"})
    assert outside.status_code == 404 and outside.json()["error"]["code"] == "not_found"
    assert as_persona("outsider").get(url).status_code == 404
    assert as_persona("outsider").get(f"{url}/progress").status_code == 404
    assert send(as_persona("outsider"), "post", f"{url}/advance", {}).status_code == 404
    created = send(as_persona("leader"), "post", "/api/roads/projects", NEW)
    assert created.status_code == 403
    other_branch = send(as_persona("outsider"), "post", "/api/roads/projects", NEW)
    assert other_branch.status_code == 404  # tr-highway is invisible to another branch


def test_workflow_groups_and_progress(as_persona):
    engineer = as_persona("engineer")
    project = send(engineer, "post", "/api/roads/projects", NEW).json()
    url = f"/api/roads/projects/{project['id']}"
    group = VillageGroup.objects.filter(county__code="520628").first()
    elsewhere = VillageGroup.objects.exclude(county__code="520628").first()
    connected = send(engineer, "post", f"{url}/groups", {"groups": [group.pk]}).json()
    assert connected == {"connected": 1, "groups": [group.pk]}
    wrong = send(engineer, "post", f"{url}/groups", {"groups": [elsewhere.pk]}).json()
    assert wrong["error"]["details"] == [
        {"field": "groups", "message": "Groups must be in the project's county."}
    ]
    missing = send(engineer, "post", f"{url}/groups", {"groups": [10**9]}).json()
    assert "has the id 1000000000" in missing["error"]["details"][0]["message"]
    assert send(engineer, "post", f"{url}/advance", {}).json()["status"] == "approved"
    started = send(engineer, "post", f"{url}/advance", {"on": "2026-04-01"}).json()
    assert (started["status"], started["started_on"]) == ("under_construction", "2026-04-01")
    report = send(
        engineer,
        "post",
        f"{url}/progress",
        {"month": "2026-05-17", "km_paved": "1.2", "spent": "60", "note": "路基完成"},
    )
    assert report.status_code == 201
    assert report.json() == {
        "id": report.json()["id"],
        "month": "2026-05",
        "km_paved": "1.200",
        "spent": "60.00",
        "note": "路基完成",
        "photos": [],
    }
    too_much = send(
        engineer, "post", f"{url}/progress", {"month": "2026-06-01", "km_paved": "3", "spent": "70"}
    ).json()
    assert too_much["error"]["details"] == [
        {"field": "km_paved", "message": "More than the project's 2.500 km."}
    ]
    early = send(engineer, "post", f"{url}/advance", {"on": "2026-03-01"}).json()
    assert early["error"]["details"] == [
        {
            "field": "on",
            "message": "Completion (2026-03-01) must come after the start of construction "
            "(2026-04-01).",
        }
    ]
    send(engineer, "post", f"{url}/advance", {"on": "2026-09-30"})
    no_inspector = send(engineer, "post", f"{url}/advance", {"on": "2026-10-10"}).json()
    assert no_inspector["error"]["details"] == [
        {"field": "inspector", "message": "Name the acceptance inspector."}
    ]
    accepted = send(
        engineer, "post", f"{url}/advance", {"on": "2026-10-10", "inspector": "杨帆"}
    ).json()
    assert (accepted["status"], accepted["accepted_by"]) == ("accepted", "杨帆")
    listed = as_persona("leader").get(f"{url}/progress").json()
    assert [r["month"] for r in listed] == ["2026-05"]


def test_village_groups_api(as_persona):
    engineer = as_persona("engineer")
    village = Division.objects.filter(level="village", code__startswith="520621").first()
    body = {
        "organization": "tr-highway",
        "village_code": village.code,
        "name": "API组",
        "households": 42,
        "poor_population": 9,
    }
    created = send(engineer, "post", "/api/roads/groups", body)
    assert created.status_code == 201
    assert created.json()["county"] == "520621" and created.json()["village"] == village.code
    again = send(engineer, "post", "/api/roads/groups", body).json()
    assert (
        again["error"]["details"][0]["message"]
        == f"{village.name} already has a group called API组."
    )
    unknown = send(engineer, "post", "/api/roads/groups", {**body, "village_code": "1"}).json()
    assert unknown["error"]["details"] == [
        {"field": "village_code", "message": "No village has the code 1."}
    ]
    page = as_persona("leader").get("/api/roads/groups", {"village": village.code}).json()
    assert "API组" in [g["name"] for g in page["items"]]
    small = as_persona("leader").get("/api/roads/groups", {"eligible": "false"}).json()
    assert small["count"] == 30
    assert as_persona("outsider").get("/api/roads/groups").json()["count"] == 0
    assert send(as_persona("leader"), "post", "/api/roads/groups", body).status_code == 403
