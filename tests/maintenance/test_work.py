"""Routes, patrols with photos and work orders: services, pages and API."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.maintenance import services
from branchwork.maintenance.models import Patrol, Route, WorkOrder
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division
from tests.conftest import TEST_ACTOR

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def route_data(**changes):
    data = {
        "code": "Y010520602",
        "name": "乡道Y010",
        "technical_grade": "class4",
        "pavement": "concrete",
        "county": Division.objects.get(code="520602"),
        "start_stake": "K0+000",
        "end_stake": "K2+500",
        "width_m": 4.5,
        "unit_length_m": 1000,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_route_takes_its_level_from_the_code_and_splits_into_units():
    org = Organization.objects.get(code="tr-highway")
    route = services.route_save(actor=TEST_ACTOR, organization=org, data=route_data())
    assert route.level == "Y" and route.get_level_display() == "Township road (Y)"
    assert route.units() == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert (route.start_stake, route.end_stake, route.length_km) == ("K0+000", "K2+500", 2.5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"code": "Y10520602"}, "code", "is not a route code"),
        ({"code": "Y010520603"}, "code", "ends with the county code 520602"),
        ({"code": "X021520602"}, "code", "already in the inventory"),
        ({"end_stake": "K0+000"}, "end_stake", "after the start stake"),
        ({"end_stake": "2.5 km"}, "end_stake", "is not a stake"),
        ({"width_m": 0}, "width_m", "positive"),
        ({"unit_length_m": 50}, "unit_length_m", "100 to 10,000"),
    ],
)
def test_route_errors_name_the_field(changes, field, fragment):
    org = Organization.objects.get(code="tr-highway")
    with pytest.raises(ValidationError) as caught:
        services.route_save(actor=TEST_ACTOR, organization=org, data=route_data(**changes))
    assert fragment in " ".join(caught.value.message_dict[field])


@pytest.mark.django_db
def test_stakes_cannot_shrink_past_surveyed_units():
    route = Route.objects.get(code="X021520602")
    with pytest.raises(ValidationError, match="Surveyed units lie outside"):
        services.route_save(
            actor=TEST_ACTOR,
            organization=route.organization,
            data={"end_stake": "K5+000"},
            route=route,
        )


@pytest.mark.django_db
def test_work_order_runs_raised_assigned_repaired_verified_with_dates_forward():
    route = Route.objects.get(code="X021520602")
    order = services.work_order_raise(
        actor=TEST_ACTOR,
        route=route,
        data={
            "from_stake": "K2+100",
            "to_stake": "K2+130",
            "defect": "坑槽",
            "raised_on": dt.date(2021, 5, 1),
        },
    )
    assert order.status == "raised" and order.section == "K2+100–K2+130"
    with pytest.raises(ValidationError, match="Name the crew"):
        services.work_order_advance(actor=TEST_ACTOR, order=order, data={"on": dt.date(2021, 5, 2)})
    with pytest.raises(ValidationError, match=r"must come after the previous step \(2021-05-01\)"):
        services.work_order_advance(
            actor=TEST_ACTOR, order=order, data={"on": dt.date(2021, 4, 30), "assignee": "一班"}
        )
    services.work_order_advance(
        actor=TEST_ACTOR, order=order, data={"on": dt.date(2021, 5, 2), "assignee": "一班"}
    )
    with pytest.raises(ValidationError) as caught:
        services.work_order_advance(actor=TEST_ACTOR, order=order, data={"on": dt.date(2021, 5, 3)})
    assert set(caught.value.message_dict) == {"repair", "cost"}
    with pytest.raises(ValidationError, match="negative"):
        services.work_order_advance(
            actor=TEST_ACTOR,
            order=order,
            data={"on": dt.date(2021, 5, 3), "repair": "修补", "cost": -1},
        )
    services.work_order_advance(
        actor=TEST_ACTOR,
        order=order,
        data={"on": dt.date(2021, 5, 3), "repair": "修补", "cost": "860.50"},
    )
    services.work_order_advance(
        actor=TEST_ACTOR, order=order, data={"on": dt.date(2021, 5, 5), "verified_by": "杨帆"}
    )
    order.refresh_from_db()
    assert (order.status, str(order.cost), order.verified_by) == ("verified", "860.50", "杨帆")
    with pytest.raises(ValidationError, match="already verified"):
        services.work_order_advance(actor=TEST_ACTOR, order=order, data={})
    assert [h.status for h in order.history.order_by("history_date")] == [
        "raised",
        "assigned",
        "repaired",
        "verified",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"from_stake": "K9+000", "to_stake": "K9+100", "defect": "x"}, "to_stake"),
        ({"from_stake": "K2+100", "to_stake": "K2+000", "defect": "x"}, "to_stake"),
        ({"from_stake": "", "to_stake": "", "defect": "x"}, "from_stake"),
        ({"from_stake": "K1+000", "to_stake": "K1+010", "defect": " "}, "defect"),
        (
            {
                "from_stake": "K1+000",
                "to_stake": "K1+010",
                "defect": "x",
                "raised_on": dt.date(2099, 1, 1),
            },
            "raised_on",
        ),
    ],
)
def test_work_order_errors_name_the_field(data, field):
    route = Route.objects.get(code="X021520602")
    data = {"raised_on": dt.date(2021, 3, 1), **data}
    with pytest.raises(ValidationError) as caught:
        services.work_order_raise(actor=TEST_ACTOR, route=route, data=data)
    assert field in caught.value.message_dict


@pytest.mark.django_db
def test_a_work_order_cannot_cite_a_patrol_of_another_route():
    other = Route.objects.get(code="Y008520602")
    patrol = Patrol.objects.filter(route__code="X021520602").first()
    with pytest.raises(ValidationError, match="another route"):
        services.work_order_raise(
            actor=TEST_ACTOR,
            route=other,
            data={
                "from_stake": "K1+000",
                "to_stake": "K1+010",
                "defect": "x",
                "patrol": patrol,
                "raised_on": dt.date(2026, 3, 1),
            },
        )


def test_engineer_records_a_patrol_with_photos_and_raises_an_order_from_it(as_persona):
    client = as_persona("engineer")
    route = Route.objects.get(code="Y008520602")
    response = client.post(
        "/maintenance/patrols/",
        {
            "route": route.pk,
            "patrolled_on": "2021-07-02",
            "inspector": "杨帆",
            "from_stake": "K1+200",
            "to_stake": "K1+230",
            "findings": "边板断裂",
            "file": [
                SimpleUploadedFile("a.png", PNG),
                SimpleUploadedFile("b.jpg", b"\xff\xd8\xff" + b"0" * 64),
            ],
        },
    )
    assert response.status_code == 302
    patrol = Patrol.objects.get(findings="边板断裂")
    assert patrol.photos.count() == 2 and patrol.section == "K1+200–K1+230"
    page = client.get(response["Location"])
    assert page.status_code == 200
    photo = patrol.photos.first()
    assert client.get(f"/maintenance/photos/{photo.pk}/")["Content-Type"] == "image/png"
    response = client.post(
        "/maintenance/work-orders/",
        {
            "patrol": patrol.pk,
            "route": route.pk,
            "from_stake": "K1+200",
            "to_stake": "K1+230",
            "defect": "换板",
            "raised_on": "2021-07-02",
        },
    )
    assert response.status_code == 302
    assert WorkOrder.objects.get(defect="换板").patrol == patrol


def test_a_patrol_photo_must_be_an_image(as_persona):
    client = as_persona("engineer")
    route = Route.objects.get(code="Y008520602")
    response = client.post(
        "/maintenance/patrols/",
        {
            "route": route.pk,
            "patrolled_on": "2021-07-02",
            "inspector": "杨帆",
            "findings": "正常",
            "file": [SimpleUploadedFile("notes.pdf", b"%PDF-1.4")],
        },
    )
    assert response.status_code == 200
    assert "Attach photos (JPEG, PNG) only." in response.content.decode()
    assert not Patrol.objects.filter(findings="正常").exists()


def test_leader_reads_maintenance_but_cannot_record(as_persona):
    client = as_persona("leader")
    for url in [
        "/maintenance/",
        "/maintenance/routes/",
        "/maintenance/work-orders/",
        "/maintenance/patrols/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'data-testid="order-form"' not in response.content.decode()
    route = Route.objects.get(code="Y008520602")
    assert client.post("/maintenance/work-orders/", {"route": route.pk}).status_code == 403


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_maintenance_pages_render_in_both_languages(as_persona, language):
    client = as_persona("engineer")
    client.cookies["django_language"] = language
    route = Route.objects.get(code="X021520602")
    order = WorkOrder.objects.filter(status="assigned").first() or WorkOrder.objects.first()
    survey = route.survey_units.first().survey
    for url in [
        "/maintenance/",
        "/maintenance/?by=route&year=2019",
        "/maintenance/routes/",
        f"/maintenance/routes/{route.pk}/",
        "/maintenance/surveys/",
        f"/maintenance/surveys/{survey.pk}/",
        "/maintenance/surveys/import/",
        "/maintenance/patrols/",
        f"/maintenance/patrols/{Patrol.objects.first().pk}/",
        "/maintenance/work-orders/?status=open",
        f"/maintenance/work-orders/{order.pk}/",
        "/maintenance/profiles/",
        f"/maintenance/profiles/{survey.profile_id}/",
        "/maintenance/routes/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get("/maintenance/").content.decode()
    assert (
        ("路况" in body or "养护" in body) if language == "zh-hans" else "Road maintenance" in body
    )


def test_overview_shows_the_demo_network_and_exports_it(as_persona):
    client = as_persona("leader")
    response = client.get("/maintenance/?year=2020&by=route")
    body = response.content.decode()
    assert "X021520602" in body and "Y008520602" in body
    export = client.get("/maintenance/?year=2020&by=county&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_imports_a_survey_and_reports_errors_by_row(as_persona):
    client = as_persona("engineer")
    bad = "route_code,from_stake,to_stake,pavement,road_class,width_m,dr\nX021520602,K0+000,K1+000,asphalt,class3,7,140\n"
    response = client.post(
        "/api/maintenance/surveys",
        {
            "org": "tr-highway",
            "year": 2021,
            "surveyed_on": "2021-10-01",
            "file": SimpleUploadedFile("s.csv", bad.encode()),
        },
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert details == [
        {"field": "", "message": "row 2, column dr: dr is a percentage from 0 to 100"}
    ]
    good = bad.replace(",140", ",1.2")
    response = client.post(
        "/api/maintenance/surveys",
        {
            "org": "tr-highway",
            "year": 2021,
            "surveyed_on": "2021-10-01",
            "file": SimpleUploadedFile("s.csv", good.encode()),
        },
    )
    assert response.status_code == 201 and response.json()["units"] == 1
    summary = client.get("/api/maintenance/summary?by=route&year=2021").json()
    assert summary[0]["key"] == "X021520602" and summary[0]["good_share"] == 100.0


def test_api_work_order_flow(as_persona):
    client = as_persona("engineer")
    route = Route.objects.get(code="X021520602")
    response = client.post(
        "/api/maintenance/work-orders",
        json.dumps(
            {
                "route_id": route.pk,
                "from_stake": "K3+000",
                "to_stake": "K3+020",
                "defect": "沉陷",
                "raised_on": "2026-03-02",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    order_id = response.json()["id"]
    response = client.post(
        f"/api/maintenance/work-orders/{order_id}/advance", "{}", content_type="application/json"
    )
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["error"]["details"]} == {"assignee", "on"}
    response = client.post(
        f"/api/maintenance/work-orders/{order_id}/advance",
        json.dumps({"assignee": "二班", "on": "2026-03-02"}),
        content_type="application/json",
    )
    assert response.json()["status"] == "assigned"
    assert (
        as_persona("leader")
        .post(
            f"/api/maintenance/work-orders/{order_id}/advance",
            json.dumps({"repair": "x", "cost": 1}),
            content_type="application/json",
        )
        .status_code
        == 403
    )


@pytest.mark.parametrize("routes", [2, 40])
def test_survey_page_query_count_does_not_grow_with_routes(as_persona, routes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branchwork.maintenance.models import Survey

    org = Organization.objects.get(code="tr-highway")
    county = Division.objects.get(code="520602")
    lines = ["route_code,from_stake,to_stake,pavement,road_class,width_m,dr"]
    for n in range(routes):
        services.route_save(
            actor=TEST_ACTOR,
            organization=org,
            data=route_data(code=f"C{n + 200:03d}520602", end_stake="K1+000", county=county),
        )
        lines.append(f"C{n + 200:03d}520602,K0+000,K1+000,concrete,class4,4,{n % 9}")
    from branchwork.accounts.models import User

    survey = services.survey_import(
        actor=TEST_ACTOR,
        user=User.objects.get(username="engineer"),
        organization=org,
        year=2021,
        surveyed_on=dt.date(2021, 10, 1),
        name="s.csv",
        data=("\n".join(lines) + "\n").encode(),
    )
    client = as_persona("engineer")
    client.get(f"/maintenance/surveys/{survey.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/maintenance/surveys/{survey.pk}/").status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]
    assert Survey.objects.get(pk=survey.pk).units.count() == routes


@pytest.mark.django_db
def test_a_route_has_a_bounded_number_of_units_and_keeps_its_records_inside():
    org = Organization.objects.get(code="tr-highway")
    with pytest.raises(ValidationError, match="at most 2000"):
        services.route_save(
            actor=TEST_ACTOR,
            organization=org,
            data=route_data(end_stake="K9999+000", unit_length_m=100),
        )
    with pytest.raises(ValidationError, match="is not a stake"):
        services.route_save(
            actor=TEST_ACTOR, organization=org, data=route_data(end_stake="K99999999999+000")
        )
    route = services.route_save(actor=TEST_ACTOR, organization=org, data=route_data())
    services.work_order_raise(
        actor=TEST_ACTOR,
        route=route,
        data={
            "from_stake": "K2+100",
            "to_stake": "K2+200",
            "defect": "x",
            "raised_on": dt.date(2026, 3, 1),
        },
    )
    with pytest.raises(ValidationError, match="Work orders lie outside"):
        services.route_save(
            actor=TEST_ACTOR, organization=org, data={"end_stake": "K2+000"}, route=route
        )


@pytest.mark.django_db
def test_a_patrol_carries_a_bounded_number_of_photos(settings):
    settings.MAINTENANCE_MAX_PHOTOS = 1
    patrol = Patrol.objects.first()
    services.photo_add(actor=TEST_ACTOR, patrol=patrol, upload=SimpleUploadedFile("a.png", PNG))
    with pytest.raises(ValidationError, match="At most 1 photos"):
        services.photo_add(actor=TEST_ACTOR, patrol=patrol, upload=SimpleUploadedFile("b.png", PNG))


def test_a_work_order_raised_from_a_surveyed_unit_links_back(as_persona):
    from branchwork.maintenance.models import SurveyUnit

    client = as_persona("engineer")
    unit = SurveyUnit.objects.filter(year=2020).order_by("pqi").first()
    page = client.get(f"/maintenance/work-orders/?unit={unit.pk}")
    form = page.context["form"]
    assert form.initial["from_stake"] == unit.from_stake
    response = client.post(
        "/maintenance/work-orders/",
        {
            "survey_unit": unit.pk,
            "route": unit.route_id,
            "from_stake": unit.from_stake,
            "to_stake": unit.to_stake,
            "defect": "罩面",
            "raised_on": "2021-03-01",
        },
    )
    assert response.status_code == 302
    assert WorkOrder.objects.get(defect="罩面").survey_unit == unit
    api = client.get("/api/maintenance/work-orders?status=bogus")
    assert api.status_code == 422


def test_a_bad_photo_among_good_ones_writes_no_file(as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = as_persona("engineer")
    route = Route.objects.get(code="Y008520602")
    response = client.post(
        "/maintenance/patrols/",
        {
            "route": route.pk,
            "patrolled_on": "2021-07-02",
            "inspector": "杨帆",
            "findings": "两张照片",
            "file": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", b"GIF89a")],
        },
    )
    assert response.status_code == 200
    assert not Patrol.objects.filter(findings="两张照片").exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_a_surveyed_section_off_the_unit_grid_gets_its_own_row():
    from branchwork.accounts.models import User
    from branchwork.maintenance import selectors

    route = Route.objects.get(code="X021520602")
    services.survey_import(
        actor=TEST_ACTOR,
        user=User.objects.get(username="engineer"),
        organization=route.organization,
        year=2021,
        surveyed_on=dt.date(2021, 10, 1),
        name="s.csv",
        data=b"route_code,from_stake,to_stake,pavement,road_class,width_m,dr\n"
        b"X021520602,K4+000,K4+500,asphalt,class3,7,1.0\n",
    )
    years, rows = selectors.route_condition(user=User.objects.get(username="engineer"), route=route)
    sections = [r["section"] for r in rows]
    assert "K4+000–K4+500" in sections and "K4+000–K5+000" in sections
    full = next(r for r in rows if r["section"] == "K4+000–K5+000")
    assert years[0] == 2021 and full["results"][0] is None


@pytest.mark.django_db
def test_an_order_from_a_patrol_is_not_raised_before_the_patrol():
    patrol = Patrol.objects.get(findings__startswith="行车道坑槽")
    with pytest.raises(ValidationError, match="before the patrol"):
        services.work_order_raise(
            actor=TEST_ACTOR,
            route=patrol.route,
            data={
                "from_stake": "K6+200",
                "to_stake": "K6+210",
                "defect": "x",
                "patrol": patrol,
                "raised_on": patrol.patrolled_on - dt.timedelta(days=1),
            },
        )


def test_a_cost_may_be_typed_with_thousands_separators(as_persona):
    order = WorkOrder.objects.filter(status="assigned").first()
    if order is None:
        order = WorkOrder.objects.filter(status="raised").first()
        services.work_order_advance(
            actor=TEST_ACTOR, order=order, data={"assignee": "一班", "on": order.raised_on}
        )
    client = as_persona("engineer")
    client.post(
        f"/maintenance/work-orders/{order.pk}/advance/",
        {"repair": "修补", "cost": "8,600", "on": order.assigned_on.isoformat()},
    )
    order.refresh_from_db()
    assert order.status == "repaired" and str(order.cost) == "8600.00"


def test_patrol_form_starts_with_the_signed_in_inspector(as_persona):
    page = as_persona("engineer").get("/maintenance/patrols/")
    assert page.context["form"].initial["inspector"] in ("杨帆", "engineer")


def test_home_and_overview_show_condition_coverage_and_open_orders(as_persona):
    home = as_persona("leader").get("/")
    assert 'data-testid="maintenance-summary"' in home.content.decode()
    assert home.context["maintenance_summary"]["latest"].year == 2020
    assert (
        home.context["maintenance_summary"]["open_orders"]
        == WorkOrder.objects.exclude(status="verified").count()
    )
    page = as_persona("leader").get("/maintenance/?year=2020&by=route")
    rows = {r.key: r for r in page.context["rows"]}
    assert rows["X021520602"].inventory_km == 8.4 and rows["X021520602"].length_km == 8.4
    outsider = as_persona("outsider").get("/")
    assert (
        "maintenance_summary" not in outsider.context or not outsider.context["maintenance_summary"]
    )


@pytest.mark.django_db
def test_a_blank_date_in_a_work_order_step_is_an_error_never_today():
    """Issue 11: blank dates are refused (they used to become today silently)."""
    route = Route.objects.get(code="X021520602")
    data = {"from_stake": "K1+000", "to_stake": "K1+010", "defect": "x"}
    with pytest.raises(ValidationError) as caught:
        services.work_order_raise(actor=TEST_ACTOR, route=route, data=data)
    assert caught.value.message_dict == {"raised_on": ["Give the date the order is raised."]}
    order = services.work_order_raise(
        actor=TEST_ACTOR, route=route, data={**data, "raised_on": dt.date(2026, 3, 2)}
    )
    with pytest.raises(ValidationError) as caught:
        services.work_order_advance(actor=TEST_ACTOR, order=order, data={"assignee": "一班"})
    assert caught.value.message_dict == {"on": ["Give the date of this step."]}
    with pytest.raises(ValidationError) as caught:
        services.work_order_advance(actor=TEST_ACTOR, order=order, data={})
    assert set(caught.value.message_dict) == {"assignee", "on"}
    with pytest.raises(ValidationError) as caught:  # the day before
        services.work_order_advance(
            actor=TEST_ACTOR, order=order, data={"assignee": "一班", "on": dt.date(2026, 3, 1)}
        )
    assert caught.value.message_dict == {
        "on": ["The date (2026-03-01) must come after the previous step (2026-03-02)."]
    }
    services.work_order_advance(  # the day itself
        actor=TEST_ACTOR, order=order, data={"assignee": "一班", "on": dt.date(2026, 3, 2)}
    )
    assert order.assigned_on == dt.date(2026, 3, 2)
