"""Access rows for activities, mass organizations, caring visits and honors (merged into
tests/test_access_matrix.py; same columns and rules).

Who may do what (core/roles.py): activities.view — every highway persona and the inspector
above; activities.manage — admin, secretary, deputy, propaganda; care.view — admin, secretary,
deputy, leader; care.manage — admin, secretary, deputy. A caring visit outside care.view is
not found (404): that it exists is personal data too. Self sign-up and check-in need a member
record linked to the account: admin and the inspector have none, so the API answers 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.routes import HIGHWAY, Route
from tests.conftest import TEST_ACTOR


def _activity() -> dict[str, Any]:
    from branchwork.activities.models import Activity

    activity = (
        Activity.objects.filter(organization__code=HIGHWAY, state="held").order_by("id").first()
    )
    return {"pk": activity.pk}


def _activity_api() -> dict[str, Any]:
    return {"activity_id": _activity()["pk"]}


def _open_activity_api() -> dict[str, Any]:
    from branchwork.activities.models import Activity

    activity = Activity.objects.filter(
        organization__code=HIGHWAY, state="planned", signup_open=True
    ).first()
    return {"activity_id": activity.pk}


def _todays_activity_api() -> dict[str, Any]:
    from django.utils import timezone

    from branchwork.activities.services import activity_save
    from branchwork.organizations.models import Organization

    activity = activity_save(
        actor=TEST_ACTOR,
        organization=Organization.objects.get(code=HIGHWAY),
        data={"name": "今日活动", "kind": "themed", "date": timezone.localdate()},
    )
    return {"activity_id": activity.pk}


def _participant() -> dict[str, Any]:
    from branchwork.activities.models import Participant

    row = Participant.objects.filter(activity__organization__code=HIGHWAY).order_by("id").first()
    return {"pk": row.pk}


def _photo() -> dict[str, Any]:
    from branchwork.activities.models import Activity
    from branchwork.activities.services import photo_add
    from tests.activities.factories import png_upload

    activity = Activity.objects.get(pk=_activity()["pk"])
    return {"pk": photo_add(actor=TEST_ACTOR, activity=activity, upload=png_upload()).pk}


def _mass_org() -> dict[str, Any]:
    from branchwork.activities.models import MassOrganization

    return {"pk": MassOrganization.objects.filter(organization__code=HIGHWAY).first().pk}


def _membership() -> dict[str, Any]:
    from branchwork.activities.models import MassOrganization
    from branchwork.activities.services import mass_org_member_add, staff_save

    union = MassOrganization.objects.filter(organization__code=HIGHWAY).first()
    staff = staff_save(actor=TEST_ACTOR, organization=union.organization, data={"name": "临时"})
    return {"pk": mass_org_member_add(actor=TEST_ACTOR, mass_org=union, staff=staff).pk}


def _visit() -> dict[str, Any]:
    from branchwork.activities.models import CaringVisit

    return {"pk": CaringVisit.objects.filter(organization__code=HIGHWAY).first().pk}


def _staff_payload() -> dict[str, Any]:
    from branchwork.activities.models import Staff

    return {"staff_id": Staff.objects.filter(organization__code=HIGHWAY).first().pk}


def _honor() -> dict[str, Any]:
    from branchwork.honors.models import Honor

    return {"pk": Honor.objects.filter(organization__code=HIGHWAY).order_by("id").first().pk}


def _honor_api() -> dict[str, Any]:
    return {"honor_id": _honor()["pk"]}


def _certificate() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.honors.models import Honor
    from branchwork.honors.services import certificate_add

    honor = Honor.objects.get(pk=_honor()["pk"])
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 certificate")
    return {"pk": certificate_add(actor=TEST_ACTOR, honor=honor, upload=upload).pk}


ORG = {"org": HIGHWAY}
YEAR = dt.date.today().year

PAGE_ROUTES = {
    "activities:list": Route(query=ORG),
    "activities:create": Route(query=ORG),
    "activities:hours": Route(query=ORG),
    "activities:photo": Route(kwargs=_photo),
    "activities:participant": Route(kwargs=_participant, method="post", data={"checked_in": "1"}),
    "activities:mass_list": Route(query=ORG),
    "activities:mass_create": Route(query=ORG),
    "activities:mass_detail": Route(kwargs=_mass_org),
    "activities:mass_edit": Route(kwargs=_mass_org),
    "activities:mass_member_add": Route(kwargs=_mass_org, method="post"),
    "activities:mass_member_remove": Route(kwargs=_membership, method="post"),
    "activities:staff": Route(query=ORG),
    "activities:care": Route(query=ORG),
    "activities:visit_create": Route(query=ORG),
    "activities:visit_edit": Route(kwargs=_visit),
    "activities:fund_add": Route(query=ORG, method="post"),
    "activities:detail": Route(kwargs=_activity),
    "activities:edit": Route(kwargs=_activity),
    "activities:sign_up": Route(kwargs=_activity, method="post"),
    "activities:check_in": Route(kwargs=_activity, method="post"),
    "activities:participant_add": Route(kwargs=_activity, method="post"),
    "activities:export": Route(kwargs=_activity),
    "activities:photo_add": Route(kwargs=_activity, method="post"),
    "honors:list": Route(query=ORG),
    "honors:create": Route(query=ORG),
    "honors:certificate": Route(kwargs=_certificate),
    "honors:detail": Route(kwargs=_honor),
    "honors:edit": Route(kwargs=_honor),
    "honors:certificate_add": Route(kwargs=_honor, method="post"),
}

# Columns: admin, secretary, deputy, organizer, propaganda, discipline, member, inspector,
# leader, engineer, outsider, anonymous.
# fmt: off
_VIEW =        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302)
_MANAGE_PAGE = (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302)
_MANAGE_POST = (302, 302, 302, 403, 302, 403, 403, 403, 403, 403, 404, 302)
_VIEW_POST =   (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 404, 302)
PAGE_ANSWERS = {
    "activities:list":                _VIEW,
    "activities:create":              _MANAGE_PAGE,
    "activities:hours":               _VIEW,
    "activities:photo":               _VIEW,
    "activities:participant":         _MANAGE_POST,
    "activities:mass_list":           _VIEW,
    "activities:mass_create":         _MANAGE_PAGE,
    "activities:mass_detail":         _VIEW,
    "activities:mass_edit":           _MANAGE_PAGE,
    "activities:mass_member_add":     _MANAGE_POST,
    "activities:mass_member_remove":  _MANAGE_POST,
    "activities:staff":               _VIEW,
    "activities:care":                (200, 200, 200, 403, 403, 403, 403, 403, 200, 403, 404, 302),
    "activities:visit_create":        (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "activities:visit_edit":          (200, 200, 200, 404, 404, 404, 404, 404, 403, 404, 404, 302),
    "activities:fund_add":            (302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "activities:detail":              _VIEW,
    "activities:edit":                _MANAGE_PAGE,
    "activities:sign_up":             _VIEW_POST,
    "activities:check_in":            _VIEW_POST,
    "activities:participant_add":     _MANAGE_POST,
    "activities:export":              _VIEW,
    "activities:photo_add":           _MANAGE_POST,
    "honors:list":                    _VIEW,
    "honors:create":                  _MANAGE_PAGE,
    "honors:certificate":             _VIEW,
    "honors:detail":                  _VIEW,
    "honors:edit":                    _MANAGE_PAGE,
    "honors:certificate_add":         _MANAGE_POST,
}
# fmt: on

API_ROUTES = {
    ("get", "/api/activities"): Route(data=ORG),
    ("get", "/api/activities/{activity_id}"): Route(kwargs=_activity_api),
    ("get", "/api/activities/{activity_id}/participants"): Route(kwargs=_activity_api),
    ("post", "/api/activities/{activity_id}/sign-up"): Route(kwargs=_open_activity_api),
    ("post", "/api/activities/{activity_id}/check-in"): Route(kwargs=_todays_activity_api),
    ("post", "/api/activities/{activity_id}/participants"): Route(
        kwargs=_activity_api, data=_staff_payload
    ),
    ("get", "/api/activities/care/visits"): Route(data=ORG),
    ("get", "/api/activities/care/fund"): Route(data=ORG),
    ("get", "/api/activities/hours"): Route(data={"org": HIGHWAY, "year": YEAR}),
    ("get", "/api/honors"): Route(data=ORG),
    ("get", "/api/honors/counts"): Route(data=ORG),
    ("get", "/api/honors/{honor_id}"): Route(kwargs=_honor_api),
}

# fmt: off
_API_VIEW = (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401)
_CARE =     (200, 200, 200, 403, 403, 403, 403, 403, 200, 403, 404, 401)
API_ANSWERS = {
    ("get", "/api/activities"):                               _API_VIEW,
    ("get", "/api/activities/{activity_id}"):                 _API_VIEW,
    ("get", "/api/activities/{activity_id}/participants"):    _API_VIEW,
    ("post", "/api/activities/{activity_id}/sign-up"):        (422, 201, 201, 201, 201, 201, 201, 422, 201, 201, 404, 401),
    ("post", "/api/activities/{activity_id}/check-in"):       (422, 200, 200, 200, 200, 200, 200, 422, 200, 200, 404, 401),
    ("post", "/api/activities/{activity_id}/participants"):   (201, 201, 201, 403, 201, 403, 403, 403, 403, 403, 404, 401),
    ("get", "/api/activities/care/visits"):                   _CARE,
    ("get", "/api/activities/care/fund"):                     _CARE,
    ("get", "/api/activities/hours"):                         _API_VIEW,
    ("get", "/api/honors"):                                   _API_VIEW,
    ("get", "/api/honors/counts"):                            _API_VIEW,
    ("get", "/api/honors/{honor_id}"):                        _API_VIEW,
}
# fmt: on
