"""The program by month (km completed, groups newly connected, running totals), the county
ranking, the Excel sheets and the bounded number of queries."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from branchwork.organizations.models import Organization
from branchwork.roads import selectors, services
from branchwork.roads.models import Division, RoadProject, VillageGroup

pytestmark = pytest.mark.django_db


def test_all_years_add_up_to_the_article(user_named):
    months = selectors.dashboard_months(user=user_named("engineer"))
    # Completed across each year's construction months, March to November.
    assert (months[0].month, months[-1].month) == (dt.date(2017, 3, 1), dt.date(2019, 11, 1))
    assert len(months) == 33  # every month in between, with zeros
    assert sum(m.km_done for m in months) == Decimal("12103.000")
    assert sum(m.groups for m in months) == 5982
    assert (months[-1].km_cumulative, months[-1].groups_cumulative) == (Decimal("12103.000"), 5982)
    busy = [m.month for m in months if m.km_done]
    assert busy == [dt.date(y, m, 1) for y in (2017, 2018, 2019) for m in range(3, 12)]
    december = months[9]
    assert december.month == dt.date(2017, 12, 1) and december.km_done == 0
    assert december.km_cumulative == months[8].km_cumulative


def test_a_program_year_shows_its_twelve_months(user_named):
    engineer = user_named("engineer")
    months = selectors.dashboard_months(user=engineer, year=2018)
    assert [m.month.month for m in months] == list(range(1, 13))
    km_2018 = sum(
        RoadProject.objects.filter(year=2018).values_list("length_km", flat=True), Decimal("0")
    )
    assert sum(m.km_done for m in months) == km_2018 and months[-1].km_cumulative == km_2018
    assert [m.km_done > 0 for m in months] == [False] * 2 + [True] * 9 + [False]
    groups_2018 = VillageGroup.objects.filter(projects__year=2018).distinct().count()
    assert sum(m.groups for m in months) == groups_2018
    assert selectors.dashboard_months(user=engineer, year=2030) == [
        selectors.MonthRow(dt.date(2030, m, 1)) for m in range(1, 13)
    ]


def test_a_group_counts_once_in_the_month_of_its_first_road(user_named):
    engineer = user_named("engineer")
    highway = Organization.objects.get(code="tr-highway")
    county = Division.objects.get(code="520628")
    village = Division.objects.filter(level="village", code__startswith="520628").first()
    new = VillageGroup.objects.create(
        organization=highway, village=village, county=county, name="月度组", households=50
    )
    old = RoadProject.objects.filter(county=county, year=2017).first().groups.first()
    project, _ = services.project_save(
        actor=engineer,
        organization=highway,
        data={
            "name": "月度测试路",
            "county": county,
            "year": 2026,
            "length_km": Decimal("4.000"),
            "pavement_type": "concrete",
            "pavement_width_m": Decimal("3.50"),
        },
    )
    services.project_connect(actor=engineer, project=project, groups=[new, old])
    services.project_advance(actor=engineer, project=project)
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 3, 2))
    services.project_advance(actor=engineer, project=project, on=dt.date(2026, 8, 20))
    months = selectors.dashboard_months(user=engineer, year=2026)
    august = months[7]
    assert (august.month, august.km_done, august.groups) == (
        dt.date(2026, 8, 1),
        Decimal("4.000"),
        1,
    )
    everything = selectors.dashboard_months(user=engineer)
    assert everything[-1].month == dt.date(2026, 8, 1)
    assert everything[-1].groups_cumulative == 5983
    assert everything[-1].km_cumulative == Decimal("12107.000")


def test_months_take_two_queries_however_many_projects(user_named):
    engineer = user_named("engineer")
    engineer.refresh_from_db()
    selectors.dashboard_months(user=engineer)  # grants cached on the user
    with CaptureQueriesContext(connection) as queries:
        selectors.dashboard_months(user=engineer)
        selectors.dashboard_months(user=engineer, year=2018)
        selectors.program_years(user=engineer)
    assert len(queries.captured_queries) == 5  # two per series, one for the years


def test_dashboard_page_queries_are_bounded(as_persona, django_assert_max_num_queries):
    client = as_persona("leader")
    client.get("/roads/")
    # 11 measured: 7 for the program (4 by county, 2 by month, 1 for the years), the rest
    # the session, the user, the grants and the navigation.
    with django_assert_max_num_queries(12):
        response = client.get("/roads/", {"year": "2018"})
    assert response.status_code == 200


def test_county_ranking_and_month_table_on_the_page(as_persona):
    text = as_persona("leader").get("/roads/", {"year": "2019"}).text
    assert 'data-testid="county-ranking"' in text and 'id="chart-km"' in text
    assert 'data-month-chart="chart-months"' in text and 'id="chart-months"' in text
    assert "2019-11" in text and "2018-11" not in text
    assert 'value="2019" selected' in text
    assert "roads-charts.js" in text
    assert as_persona("leader").get("/roads/", {"year": "soon"}).status_code == 404


def test_ranks_are_shared_by_equal_km(user_named):
    engineer = user_named("engineer")
    _total, counties = selectors.dashboard(user=engineer)
    # 石阡县 and 印江县 both have 640 groups in the demo, so the same km: they share 5th.
    assert [c.rank for c in counties] == [1, 2, 3, 4, 5, 5, 7, 8, 9, 10]
    assert {c.county.code for c in counties if c.rank == 5} == {"520623", "520625"}
    first, second = counties[0], counties[1]
    RoadProject.objects.filter(county=second.county, status__in=selectors.DONE).update(
        status="under_construction"
    )
    RoadProject.objects.filter(county=first.county, status__in=selectors.DONE).update(
        status="under_construction"
    )
    _total, counties = selectors.dashboard(user=engineer)
    assert [c.rank for c in counties][-2:] == [9, 9]  # both at 0 km


def test_excel_has_the_ranking_and_the_months(as_persona):
    response = as_persona("inspector").get("/roads/", {"format": "xlsx", "year": "2017"})
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["组组通", "By month"]
    ranking = list(book["组组通"].iter_rows(values_only=True))
    assert ranking[0][0] == "Rank" and [r[0] for r in ranking[1:]] == [
        1,
        2,
        3,
        4,
        5,
        5,
        7,
        8,
        9,
        10,
    ]
    assert "Central funds (10,000 yuan)" in ranking[0]
    months = list(book["By month"].iter_rows(values_only=True))
    assert months[0][:3] == ("Month", "Km completed", "Groups newly connected")
    assert [r[0] for r in months[1:]] == [f"2017-{m:02d}" for m in range(1, 13)]
    assert months[11][5] == 2017


def test_months_api(as_persona):
    body = as_persona("leader").get("/api/roads/dashboard/months", {"year": 2019}).json()
    assert body["year"] == 2019 and len(body["months"]) == 12
    november = body["months"][10]
    assert november["month"] == "2019-11" and Decimal(november["km_done"]) > 0
    everything = as_persona("leader").get("/api/roads/dashboard/months").json()
    assert everything["year"] is None
    assert everything["months"][-1]["km_cumulative"] == "12103.000"
    assert everything["months"][-1]["groups_cumulative"] == 5982
    bad = as_persona("leader").get("/api/roads/dashboard/months", {"year": 1900}).json()
    assert bad["error"]["status"] == 422
    assert as_persona("member").get("/api/roads/dashboard/months").status_code == 403
