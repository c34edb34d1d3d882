"""The demo data loads and reproduces the article's figures (shared/seed/: "Branch construction
enhances industry's innovation vitality", Tongren, 2019).

The one place the suite loads the demo on purpose: other tests build their own data with the
factories (tests/factories.py). The figures asserted here, and where they also appear today in
tests not yet converted to the factories (to move here or to factory data when converted):
- 23 members, one of them probationary: tests/members/test_pages.py (statistics, home roll),
  tests/meetings/test_records.py and test_pages.py (23 expected at a general meeting);
- 12,103 km of group roads connecting all 5,982 eligible village groups: tests/roads/
  test_program.py, test_months.py, test_home.py, tests/e2e/test_roads.py;
- the branch became one of the city's first 12 standardization demonstration sites in June
  2017 (not asserted elsewhere).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_AS_OF, login_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_the_branch_has_23_members_one_of_them_probationary():
    response = login_client("inspector").get("/members/statistics/", {"org": "tr-highway"})
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total == 23
    assert dict(stats.by_category) == {"Full member": 22, "Probationary member": 1}
    roll = login_client("secretary").get("/").context["roll"]
    assert (roll.total, roll.probationary) == (23, 1)


def test_the_program_built_12103_km_connecting_all_5982_groups():
    body = login_client("inspector").get("/api/roads/dashboard").json()
    assert body["km_done"] == "12103.000"
    assert body["connected"] == 5982
    assert len(body["counties"]) == 10
    text = login_client("leader").get("/roads/").text
    assert 'data-testid="km-built">12103<' in text
    assert 'data-testid="groups-connected">5982<' in text


def test_one_of_the_first_12_demonstration_sites_since_june_2017():
    from branchwork.organizations.models import Organization

    sites = Organization.objects.filter(demonstration_since__isnull=False)
    assert sites.count() == 12
    highway = Organization.objects.get(code="tr-highway")
    assert highway.demonstration_since == dt.date(2017, 6, 30)
    assert highway.parent.code == "tr-organs"  # accepted by the municipal organs work committee


def test_the_demo_is_written_by_the_system_actor_and_loads_idempotently():
    from branchwork.core.models import AuditEvent
    from branchwork.demo.loader import load_demo

    assert AuditEvent.objects.filter(actor_name="demo", kind="create").exists()
    again = load_demo(DEMO_AS_OF)
    assert again == dict.fromkeys(again, 0)
