"""Demo maintenance records: one county road and one township road of 碧江区 with distress
surveys for 2019 and 2020, a few
patrols and work orders (the latest ones dated from ``as_of``: a patrol last month and the
work order it raised, assigned and not yet repaired).

The article does not describe maintenance; routes, stakes, damage and costs here are invented
for the demo (the names say so). Surveys go through the same import service as a user's sheet,
so the stored indices are what the JTG 5210-2018 profile computes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from branchwork.demo.data import DEMO_ACTOR
from branchwork.maintenance import rules, services
from branchwork.maintenance.imports import template_columns
from branchwork.maintenance.models import Route, SurveyUnit
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division

ROUTES = [
    # code, name, technical grade, pavement, end (m), width (m)
    ("X021520602", "县道X021 城区至川硐（演示）", "class3", "asphalt", 8400, Decimal("7.00")),
    ("Y008520602", "乡道Y008 川硐至瓦屋（演示）", "class4", "concrete", 5600, Decimal("4.50")),
]
SURVEYS = [(2019, dt.date(2019, 10, 18)), (2020, dt.date(2020, 10, 22))]


def _damages(rng: random.Random, pavement: str, length: float, width: float, wear: float):
    """Damaged quantities for one unit: a few damage types, more with wear."""
    if pavement == "asphalt":
        return {
            "alligator_light": round(rng.uniform(0, 30) * wear, 1),
            "alligator_heavy": round(rng.uniform(0, 8) * wear, 1),
            "longitudinal_light": round(rng.uniform(0, 60) * wear, 1),
            "transverse_light": round(rng.uniform(0, 40) * wear, 1),
            "pothole_light": round(rng.uniform(0, 4) * wear, 1),
            "patching": round(rng.uniform(0, 25), 1),
        }
    return {
        "crack_light": round(rng.uniform(0, 40) * wear, 1),
        "crack_heavy": round(rng.uniform(0, 10) * wear, 1),
        "corner_break_light": round(rng.uniform(0, 6) * wear, 1),
        "edge_spalling_light": round(rng.uniform(0, 30) * wear, 1),
        "broken_slab_light": round(rng.uniform(0, 12) * wear, 1),
    }


def _sheet(routes: list[Route], year: int, rng: random.Random) -> bytes:
    columns = template_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for route in routes:
        for index, (start, end) in enumerate(route.units()):
            # Wear grows towards the far end of each road and from one year to the next.
            wear = (0.3 + 2.7 * index / max(1, len(route.units()) - 1)) * _age(year)
            row = {
                "route_code": route.code,
                "from_stake": rules.format_stake(start),
                "to_stake": rules.format_stake(end),
                "pavement": route.pavement,
                "road_class": route.technical_grade,
                "width_m": float(route.width_m),
                "iri": round(rng.uniform(2.5, 6.5) * (1.0 if year == 2019 else 1.08), 2)
                if route.pavement == "asphalt"
                else "",
                "rd_mm": round(rng.uniform(2, 12), 1) if route.pavement == "asphalt" else "",
            }
            row.update(_damages(rng, route.pavement, end - start, float(route.width_m), wear))
            writer.writerow(row)
    return out.getvalue().encode()


def _age(year: int) -> float:
    """How much wear a survey year shows: 2019 as built, 2020 worn; the recent survey after
    the 2021 resurfacing of the worst sections (invented) a little better than 2020."""
    return {2019: 1.0, 2020: 1.6}.get(year, 1.3)


def load_maintenance(as_of: dt.date | None = None) -> int:
    """Routes, surveys, patrols and work orders; returns the number of surveyed units."""
    as_of = as_of or dt.date.today()
    # The built-in profiles come with migration 0002; a test that empties the tables removes
    # them, so the demo makes sure they are there (the service adds only what is missing).
    services.builtin_profiles_install(actor=DEMO_ACTOR)
    highway = Organization.objects.get(code="tr-highway")
    if Route.objects.filter(organization=highway).exists():
        return 0
    county = Division.objects.get(code="520602")
    routes = [
        services.route_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "code": code,
                "name": name,
                "technical_grade": grade,
                "pavement": pavement,
                "county": county,
                "start_stake": "K0+000",
                "end_stake": rules.format_stake(end),
                "width_m": width,
                "unit_length_m": 1000,
            },
        )
        for code, name, grade, pavement, end, width in ROUTES
    ]
    engineer = get_user_model().objects.filter(username="engineer").first()
    rng = random.Random(5210)
    for year, surveyed_on in SURVEYS:
        services.survey_import(
            actor=DEMO_ACTOR,
            user=engineer,
            organization=highway,
            year=year,
            surveyed_on=surveyed_on,
            name=f"distress-survey-{year}.csv",
            data=_sheet(routes, year, rng),
            note="演示数据",
        )
    county_road, township_road = routes
    patrol = services.patrol_record(
        actor=DEMO_ACTOR,
        route=county_road,
        data={
            "patrolled_on": dt.date(2020, 4, 8),
            "inspector": "杨帆",
            "from_stake": "K6+200",
            "to_stake": "K6+260",
            "findings": "行车道坑槽3处，最大约0.5 m²；边沟局部淤塞。",
        },
    )
    services.patrol_record(
        actor=DEMO_ACTOR,
        route=township_road,
        data={
            "patrolled_on": dt.date(2020, 6, 15),
            "inspector": "杨帆",
            "findings": "雨后巡查：路面完好，K3+400 处边坡少量落石已清理。",
        },
    )
    worst = SurveyUnit.objects.filter(route=township_road, year=2020).order_by("pqi").first()
    orders = [
        services.work_order_raise(
            actor=DEMO_ACTOR,
            route=county_road,
            data={
                "from_stake": "K6+200",
                "to_stake": "K6+260",
                "defect": "坑槽3处（巡查发现）",
                "raised_on": dt.date(2020, 4, 8),
                "patrol": patrol,
            },
        ),
        services.work_order_raise(
            actor=DEMO_ACTOR,
            route=township_road,
            data={
                "from_stake": worst.from_stake,
                "to_stake": worst.to_stake,
                "defect": "板块破碎、错台，需换板（2020年检测评定为该路最差单元）",
                "raised_on": dt.date(2020, 11, 2),
                "survey_unit": worst,
            },
        ),
        services.work_order_raise(
            actor=DEMO_ACTOR,
            route=county_road,
            data={
                "from_stake": "K7+000",
                "to_stake": "K7+300",
                "defect": "纵向裂缝，需灌缝",
                "raised_on": dt.date(2020, 11, 5),
            },
        ),
    ]
    steps = [
        (orders[0], dt.date(2020, 4, 9), {"assignee": "碧江养护站一班"}),
        (
            orders[0],
            dt.date(2020, 4, 12),
            {"repair": "沥青冷补料修补坑槽1.6 m²", "cost": Decimal("1860.00")},
        ),
        (orders[0], dt.date(2020, 4, 20), {"verified_by": "杨帆"}),
        (orders[1], dt.date(2020, 11, 10), {"assignee": "铜仁路桥养护工程队"}),
        (
            orders[1],
            dt.date(2020, 11, 28),
            {"repair": "更换水泥混凝土面板2块", "cost": Decimal("24600.00")},
        ),
    ]
    for order, on, data in steps:
        services.work_order_advance(actor=DEMO_ACTOR, order=order, data={"on": on, **data})
    _recent_patrol(county_road, as_of)
    return SurveyUnit.objects.filter(route__in=routes).count()


def _recent_patrol(route: Route, as_of: dt.date) -> None:
    """Last month's patrol of the county road and the work order it raised, assigned to a
    crew and not yet repaired (dates from ``as_of``)."""
    patrolled = as_of - dt.timedelta(days=24)
    patrol = services.patrol_record(
        actor=DEMO_ACTOR,
        route=route,
        data={
            "patrolled_on": patrolled,
            "inspector": "杨帆",
            "from_stake": "K2+300",
            "to_stake": "K2+340",
            "findings": "（演示数据）雨季后巡查：K2+300 处路肩冲刷约8 m，边沟堵塞。",
        },
    )
    order = services.work_order_raise(
        actor=DEMO_ACTOR,
        route=route,
        data={
            "from_stake": "K2+300",
            "to_stake": "K2+340",
            "defect": "路肩冲刷、边沟堵塞（巡查发现）",
            "raised_on": patrolled,
            "patrol": patrol,
        },
    )
    services.work_order_advance(
        actor=DEMO_ACTOR,
        order=order,
        data={"on": patrolled + dt.timedelta(days=2), "assignee": "碧江养护站二班"},
    )
