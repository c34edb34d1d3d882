"""The 组组通 program dashboard on the demo data (the article's totals) and its rules."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.roads import selectors
from branchwork.roads.models import RoadProject, VillageGroup

pytestmark = pytest.mark.django_db


def test_demo_dashboard_reproduces_the_article(user_named):
    total, counties = selectors.dashboard(user=user_named("engineer"))
    assert total.km_done == Decimal("12103.000")
    assert (total.connected, total.eligible) == (5982, 5982)
    assert total.connected_rate == 100.0
    assert (total.km_target, total.groups_target) == (Decimal("12103.000"), 5982)
    assert len(counties) == 10
    assert counties[0].km_done >= counties[-1].km_done  # ranked by km built


def test_small_groups_are_not_eligible_and_simple_paving_does_not_connect(user_named, settings):
    engineer = user_named("engineer")
    assert VillageGroup.objects.filter(households__lt=30).count() == 30
    project = RoadProject.objects.filter(status="completed").first()
    served = project.groups.count()
    RoadProject.objects.filter(pk=project.pk).update(pavement_type="surface_treatment")
    total, _ = selectors.dashboard(user=engineer)
    assert total.connected == 5982 - served
    settings.ROADS_HARDENED_PAVEMENTS = ["concrete", "asphalt", "surface_treatment"]
    assert selectors.dashboard(user=engineer)[0].connected == 5982
    RoadProject.objects.filter(pk=project.pk).update(status="under_construction", completed_on=None)
    total, _ = selectors.dashboard(user=engineer)
    assert total.connected == 5982 - served and total.km_done < Decimal("12103")
    settings.ROADS_ELIGIBLE_HOUSEHOLDS = 10
    assert selectors.dashboard(user=engineer)[0].eligible == 5982 + 30


def test_dashboard_uses_four_queries(user_named):
    engineer = user_named("engineer")
    engineer.refresh_from_db()
    selectors.dashboard(user=engineer)  # grants cached on the user
    with CaptureQueriesContext(connection) as queries:
        selectors.dashboard(user=engineer)
    assert len(queries.captured_queries) == 4


def test_dashboard_page_and_excel(as_persona):
    text = as_persona("leader").get("/roads/").text
    assert (
        'data-testid="km-built">12103<' in text and 'data-testid="groups-connected">5982<' in text
    )
    assert "铜仁市" in text  # the province ranking entry
    response = as_persona("inspector").get("/roads/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert as_persona("member").get("/roads/").status_code == 403


def test_dashboard_api(as_persona):
    body = as_persona("inspector").get("/api/roads/dashboard").json()
    assert (body["km_done"], body["connected"]) == ("12103.000", 5982)
    assert len(body["counties"]) == 10
    page = as_persona("engineer").get("/api/roads/projects", {"status": "accepted"}).json()
    assert page["count"] > 0 and {p["status"] for p in page["items"]} == {"accepted"}
