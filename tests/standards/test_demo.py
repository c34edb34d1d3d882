"""The demo's standardization: the 2017 acceptance, the 2019 project, this year's round."""

import datetime as dt

import pytest
from django.urls import reverse

from branchwork.demo.standards import LEFT_OPEN, load_standards
from branchwork.organizations.models import Organization
from branchwork.standards import selectors
from branchwork.standards.models import BranchInspection, UpgradeProject
from branchwork.standards.rules import Result, Side
from tests.conftest import DEMO_AS_OF, login_client

pytestmark = pytest.mark.usefixtures("demo_data")


def test_the_highway_branch_was_accepted_as_a_demonstration_site_in_june_2017(db):
    highway = Organization.objects.get(code="tr-highway")
    accepted = BranchInspection.objects.get(branch=highway, round__year=2017)
    assert (accepted.result, accepted.result_on) == (Result.DEMONSTRATION, dt.date(2017, 6, 30))
    assert accepted.total >= accepted.round.template.demonstration_mark
    assert (
        BranchInspection.objects.filter(round__year=2017, result=Result.DEMONSTRATION).count() == 12
    )


def test_the_2019_upgrade_project_has_its_tasks_and_photos(db):
    project = UpgradeProject.objects.get(organization__code="tr-highway", year=2019)
    assert project.tasks.count() == 4 and project.photos.filter(phase="after").exists()
    photo = project.photos.first()
    response = login_client("secretary").get(
        reverse("standards:photo", kwargs={"pk": photo.pk}) + "?size=thumb"
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_this_years_round_is_in_progress_with_two_items_left(db):
    inspection = BranchInspection.objects.get(
        branch__code="tr-highway", round__year=DEMO_AS_OF.year
    )
    assert not inspection.signed_off
    scored = set(inspection.scores.filter(side=Side.INSPECTOR).values_list("item__key", flat=True))
    assert not scored & set(LEFT_OPEN) and len(scored) == 14


def test_loading_again_changes_nothing(db):
    before = BranchInspection.objects.count()
    assert load_standards(DEMO_AS_OF) == 0
    assert BranchInspection.objects.count() == before


def test_the_committee_roll_up_shows_the_12_sites(db):
    inspector = login_client("inspector")
    page = inspector.get(reverse("standards:rollup"), {"org": "tr-organs", "year": 2017})
    assert page.status_code == 200 and page.content.decode().count("Demonstration site") >= 12
    highway = Organization.objects.get(code="tr-highway")
    from branchwork.accounts.models import User

    latest = selectors.latest_result(user=User.objects.get(username="leader"), organization=highway)
    assert latest.result == Result.DEMONSTRATION and latest.round.year == 2017
