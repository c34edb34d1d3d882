"""Pages and API of activities, and the privacy of caring visits: health and family
circumstances appear only to roles with care.view, on no other page, export or API answer."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from branchwork.activities import services
from tests.activities.factories import make_activity, make_income, make_visit, png_upload
from tests.conftest import TEST_ACTOR

SECRET = "因心脏病住院治疗"
CARE_ROLES = {"admin", "secretary", "deputy", "leader"}
ALL = ["admin", "secretary", "deputy", "organizer", "propaganda", "discipline", "member",
       "inspector", "leader", "engineer", "outsider"]  # fmt: skip


@pytest.fixture
def visit(persona_tree):
    make_income(persona_tree.branch, "1000.00")
    return make_visit(persona_tree.branch, "300.00", circumstances=SECRET, follow_up="再次走访")


@pytest.mark.parametrize("persona", ALL)
def test_caring_visits_are_seen_only_with_care_view(persona_tree, visit, persona):
    client = persona_tree.client(persona)
    code = persona_tree.branch.code
    page = client.get(f"/activities/care/?org={code}")
    api = client.get(f"/api/activities/care/visits?org={code}")
    fund = client.get(f"/api/activities/care/fund?org={code}")
    edit = client.get(f"/activities/care/{visit.pk}/edit/")
    if persona in CARE_ROLES:
        assert page.status_code == 200 and SECRET in page.content.decode()
        assert api.status_code == 200 and api.json()["items"][0]["circumstances"] == SECRET
        assert fund.json()["reconciles"] is True
    else:
        assert page.status_code in (403, 404)
        assert api.status_code in (403, 404) and SECRET not in api.content.decode()
        assert fund.status_code in (403, 404)
        assert edit.status_code == 404  # a visit's existence is personal data too


@pytest.mark.parametrize("persona", ["member", "engineer", "propaganda", "secretary"])
def test_circumstances_never_leak_to_other_pages_or_exports(persona_tree, visit, persona):
    client = persona_tree.client(persona)
    branch = persona_tree.branch
    activity = make_activity(branch, name="关爱活动", kind="caring")
    services.participant_add(
        actor=TEST_ACTOR, activity=activity, member=persona_tree.members["member"], checked_in=True
    )
    member = persona_tree.members["member"]
    urls = [
        "/",
        f"/activities/?org={branch.code}",
        f"/activities/{activity.pk}/",
        f"/activities/hours/?org={branch.code}",
        f"/orgs/{branch.code}/",
        f"/members/{member.pk}/",
        f"/api/activities?org={branch.code}",
        f"/api/activities/{activity.pk}/participants",
        f"/honors/?org={branch.code}",
    ]
    for url in urls:
        assert SECRET not in client.get(url).content.decode(), url
    export = client.get(f"/activities/{activity.pk}/participants.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert SECRET not in " ".join(cells) and "周党员" in cells


def test_home_counts_open_follow_ups_only_for_care_roles(persona_tree, visit):
    make_activity(
        persona_tree.branch, state="planned", date=timezone.localdate() + dt.timedelta(days=5)
    )
    leader = persona_tree.client("secretary").get("/").content.decode()
    assert "1 caring visit has a follow-up to do." in leader
    member = persona_tree.client("member").get("/").content.decode()
    assert "follow-up" not in member and "activities-home" in member


def test_a_member_signs_up_and_checks_in_from_the_activity_page(persona_tree):
    activity = make_activity(persona_tree.branch, state="planned", date=timezone.localdate())
    client = persona_tree.client("member")
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert 'data-testid="check-in"' in page
    response = client.post(f"/activities/{activity.pk}/check-in/")
    assert response.status_code == 302
    row = activity.participants.get()
    assert row.member == persona_tree.members["member"] and row.checked_in_at


def test_sign_up_through_the_api_and_a_refusal_in_words(persona_tree):
    future = timezone.localdate() + dt.timedelta(days=3)
    activity = make_activity(persona_tree.branch, state="planned", date=future)
    client = persona_tree.client("member")
    created = client.post(f"/api/activities/{activity.pk}/sign-up")
    assert created.status_code == 201 and created.json()["name"] == "周党员"
    refused = client.post(f"/api/activities/{activity.pk}/check-in")
    assert refused.status_code == 422
    assert "day of the activity" in refused.content.decode()
    no_member = persona_tree.client("engineer").post(f"/api/activities/{activity.pk}/sign-up")
    assert no_member.status_code == 422


def test_organizer_adds_and_checks_in_a_staff_member(persona_tree):
    from tests.activities.factories import make_staff

    staff = make_staff(persona_tree.branch)
    activity = make_activity(persona_tree.branch)
    client = persona_tree.client("propaganda")
    client.post(f"/activities/{activity.pk}/participants/", {"staff": staff.pk})
    row = activity.participants.get()
    client.post(f"/activities/participants/{row.pk}/", {"checked_in": "1", "hours": "1.5"})
    row.refresh_from_db()
    assert row.checked_in_at and str(row.hours) == "1.5"
    assert (
        persona_tree.client("member")
        .post(f"/activities/participants/{row.pk}/", {"remove": "1"})
        .status_code
        == 403
    )


def test_photos_are_served_only_inside_the_scope(persona_tree):
    activity = make_activity(persona_tree.branch)
    photo = services.photo_add(actor=TEST_ACTOR, activity=activity, upload=png_upload())
    thumb = persona_tree.client("member").get(f"/activities/photos/{photo.pk}/?size=thumb")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert persona_tree.client("outsider").get(f"/activities/photos/{photo.pk}/").status_code == 404


def test_activity_list_filters_by_series_on_page_and_api(persona_tree):
    make_activity(persona_tree.branch, name="平安公路", series="peaceful_highway")
    make_activity(persona_tree.branch, name="道德讲堂", series="ethics_hall")
    client = persona_tree.client("member")
    year = (timezone.localdate() - dt.timedelta(days=1)).year
    code = persona_tree.branch.code
    page = client.get(f"/activities/?org={code}&year={year}&series=ethics_hall").content.decode()
    assert "道德讲堂" in page and "平安公路" not in page
    api = client.get(f"/api/activities?org={code}&series=ethics_hall").json()
    assert [a["name"] for a in api["items"]] == ["道德讲堂"]
    assert client.get(f"/api/activities?org={code}&series=nonsense").status_code == 422


def test_the_activity_log_never_holds_the_circumstances(persona_tree, visit):
    from branchwork.core.models import AuditEvent

    lines = AuditEvent.objects.filter(model="activities.caringvisit", object_id=str(visit.pk))
    assert lines.exists()
    assert all(SECRET not in str(line.changes) for line in lines)
    assert lines.first().changes["circumstances"] == [None, "(personal data)"]
