"""The dashboard's roads panel follows the chosen year (issue 17: it showed the program as it
stands today whatever the year): km built and groups connected as they stood on 31 December,
a road completed on 1 January counting in the next year."""

import datetime as dt
from decimal import Decimal

import pytest

from branchwork.organizations.models import Organization
from branchwork.roads import selectors, services
from branchwork.roads.models import Division, VillageGroup

pytestmark = pytest.mark.usefixtures("demo_data")


def _road(engineer, highway, county, name, completed_on, km):
    """A concrete road of program year 2019 serving a new eligible group, completed on
    ``completed_on``."""
    village = Division.objects.filter(level="village", code__startswith=county.code).first()
    group = VillageGroup.objects.create(
        organization=highway, village=village, county=county, name=name, households=60
    )
    project, _ = services.project_save(
        actor=engineer,
        organization=highway,
        data={
            "name": name,
            "county": county,
            "year": 2019,
            "length_km": km,
            "pavement_type": "concrete",
            "pavement_width_m": Decimal("3.50"),
        },
    )
    services.project_connect(actor=engineer, project=project, groups=[group])
    services.project_advance(actor=engineer, project=project)
    services.project_advance(actor=engineer, project=project, on=dt.date(2019, 6, 1))
    services.project_advance(actor=engineer, project=project, on=completed_on)
    return project


@pytest.fixture
def boundary_roads(db, user_named):
    """Before: the totals at the end of 2019 and 2020; then two roads, one completed on
    31 December 2019 (3 km), one on 1 January 2020 (5 km)."""
    engineer = user_named("engineer")
    highway = Organization.objects.get(code="tr-highway")
    county = Division.objects.get(code="520628")
    before = {
        y: selectors.home_summary(user=engineer, organization=highway, year=y) for y in (2019, 2020)
    }
    _road(engineer, highway, county, "年末路", dt.date(2019, 12, 31), Decimal("3.000"))
    _road(engineer, highway, county, "年初路", dt.date(2020, 1, 1), Decimal("5.000"))
    return engineer, highway, before


def test_the_totals_stand_at_the_end_of_the_year(boundary_roads):
    engineer, highway, before = boundary_roads
    y2019 = selectors.home_summary(user=engineer, organization=highway, year=2019)
    y2020 = selectors.home_summary(user=engineer, organization=highway, year=2020)
    assert y2019.km_done == before[2019].km_done + 3
    assert y2019.connected == before[2019].connected + 1
    assert y2020.km_done == before[2020].km_done + 8
    assert y2020.connected == before[2020].connected + 2
    # Planned km count the program years up to the year: both roads are of 2019.
    assert y2019.km_planned == before[2019].km_planned + 8
    now = selectors.home_summary(user=engineer, organization=highway)
    assert now.km_done >= y2020.km_done


def test_progress_by_year_puts_each_road_in_its_completion_year(boundary_roads):
    engineer, highway, _before = boundary_roads
    rows = selectors.progress_by_year(user=engineer, organization=highway, until=2020)
    by_year = {r.year: r for r in rows}
    assert (by_year[2020].km_done, by_year[2020].groups) == (Decimal("5.000"), 1)
    assert rows[-1].km_cumulative == sum((r.km_done for r in rows), Decimal("0"))
    total = selectors.home_summary(user=engineer, organization=highway, year=2020)
    assert (rows[-1].km_cumulative, rows[-1].groups_cumulative) == (
        total.km_done,
        total.connected,
    )
    until_2019 = selectors.progress_by_year(user=engineer, organization=highway, until=2019)
    assert until_2019[-1].year == 2019 and until_2019[-1].km_done == by_year[2019].km_done


def test_the_panel_shows_the_chosen_years_figures(boundary_roads, as_persona):
    engineer, highway, _before = boundary_roads
    client = as_persona("leader")
    for year in (2019, 2020):
        expected = selectors.home_summary(user=engineer, organization=highway, year=year)
        text = client.get(
            f"/dashboard/panels/roads/?org=tr-highway&year={year}", HTTP_HX_REQUEST="true"
        ).text
        assert f'data-testid="dash-km">{expected.km_done:.1f}<' in text, year
        assert f'data-testid="dash-groups">{expected.connected}<' in text, year
