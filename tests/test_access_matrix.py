"""Every page route and every API operation, checked against every persona.

A route that is not listed in PAGE_ROUTES / API_ROUTES fails `test_every_*_is_listed`, so a new
route cannot ship without a scoping decision. For each listed route the expected answer follows
from where the object lives and which action the route needs:

- anonymous: pages redirect to the login page, the API answers 401;
- object outside the persona's scope: 404 (existence is not revealed);
- in scope but the role lacks the action: 403;
- otherwise the route's success status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from branchwork.core.roles import Action
from tests.conftest import PERSONAS, TEST_ACTOR, login_client

HIGHWAY = "tr-highway"
PERSONA_NAMES = [*PERSONAS, "anonymous"]


def _iter_patterns(resolvers, namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _iter_patterns(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


ALL_PAGE_ROUTES = sorted(
    n for n in set(_iter_patterns(get_resolver().url_patterns)) if not n.startswith("api:")
)


def _committee_pk() -> dict[str, Any]:
    from branchwork.organizations.models import Committee

    return {"code": HIGHWAY, "pk": Committee.objects.filter(organization__code=HIGHWAY).first().pk}


def _engineer_grant() -> dict[str, Any]:
    from branchwork.accounts.models import RoleGrant

    grant = RoleGrant.objects.get(user__username="engineer", organization__code=HIGHWAY)
    return {"code": HIGHWAY, "pk": grant.pk}


def _secretary_token() -> dict[str, Any]:
    from branchwork.accounts.models import User
    from branchwork.accounts.services import token_create

    token, _raw = token_create(actor=User.objects.get(username="secretary"), name="matrix")
    return {"pk": token.pk}


def _highway_member() -> dict[str, Any]:
    from branchwork.members.models import Member

    return {"pk": Member.objects.filter(organization__code=HIGHWAY).order_by("id").first().pk}


def _highway_member_api() -> dict[str, Any]:
    return {"member_id": _highway_member()["pk"]}


def _reveal() -> dict[str, Any]:
    return {**_highway_member(), "field": "id_number"}


def _correction() -> dict[str, Any]:
    from branchwork.members.models import CorrectionRequest, Member

    member = Member.objects.get(user__username="member")
    correction = CorrectionRequest.objects.create(
        member=member, field="post", requested_value="养护管理科副科长"
    )
    return {"pk": correction.pk}


def _new_member_payload() -> dict[str, Any]:
    from branchwork.members.rules import id_check_character

    body = "52060219950315003"  # 17th digit odd: a man
    return {
        "organization": HIGHWAY,
        "name": "新成员",
        "gender": "male",
        "birth_date": "1995-03-15",
        "id_number": body + id_check_character(body),
        "category": "full",
        "admitted_on": "2020-07-01",
        "converted_on": "2021-07-01",
    }


def _highway_meeting() -> dict[str, Any]:
    from branchwork.meetings.models import Meeting

    meeting = Meeting.objects.filter(
        organization__code=HIGHWAY, kind="general_meeting", state="held"
    ).first()
    return {"pk": meeting.pk}


def _highway_meeting_api() -> dict[str, Any]:
    return {"meeting_id": _highway_meeting()["pk"]}


def _attachment() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.meetings.models import Meeting
    from branchwork.meetings.services import attachment_add

    meeting = Meeting.objects.get(pk=_highway_meeting()["pk"])
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    return {"pk": attachment_add(actor=TEST_ACTOR, meeting=meeting, upload=upload).pk}


def _feed_token() -> dict[str, Any]:
    from branchwork.accounts.models import User
    from branchwork.meetings.models import CalendarFeed

    feed, _ = CalendarFeed.objects.get_or_create(user=User.objects.get(username="member"))
    return {"token": feed.token}


def _highway_payment() -> dict[str, Any]:
    from branchwork.dues.models import Payment

    return {"pk": Payment.objects.filter(organization__code=HIGHWAY).order_by("id").first().pk}


def _highway_payment_api() -> dict[str, Any]:
    return {"payment_id": _highway_payment()["pk"]}


def _member_pk() -> dict[str, Any]:
    return {"member_pk": _highway_member()["pk"]}


def _member_api() -> dict[str, Any]:
    return {"member_id": _highway_member()["pk"]}


def _member_in_arrears_api() -> dict[str, Any]:
    from branchwork.members.models import Member

    return {"member_id": Member.objects.get(name="郑杰").pk}  # owes 2019-11 and 2019-12


def _reduction() -> dict[str, Any]:
    import datetime as dt
    from decimal import Decimal

    from branchwork.dues.services import reduction_request
    from branchwork.members.models import Member

    member = Member.objects.get(name="周敏")
    reduction = reduction_request(
        actor=TEST_ACTOR,
        member=member,
        first_month=dt.date(2026, 1, 1),
        last_month=dt.date(2026, 6, 1),
        monthly_fee=Decimal("0"),
        reason="困难",
    )
    return {"pk": reduction.pk}


def _project() -> dict[str, Any]:
    from branchwork.roads.models import RoadProject

    return {"pk": RoadProject.objects.order_by("id").first().pk}


def _project_api() -> dict[str, Any]:
    return {"project_id": _project()["pk"]}


def _connected_group() -> dict[str, Any]:
    from branchwork.roads.models import RoadProject

    project = (
        RoadProject.objects.filter(organization__code=HIGHWAY, groups__isnull=False)
        .exclude(status="accepted")
        .order_by("id")
        .first()
    )
    return {"pk": project.pk, "group_pk": project.groups.order_by("id").first().pk}


def _connected_group_api() -> dict[str, Any]:
    found = _connected_group()
    return {"project_id": found["pk"], "group_id": found["group_pk"]}


def _planned_project() -> dict[str, Any]:
    from branchwork.roads.models import RoadProject

    project = RoadProject.objects.order_by("id").first()
    RoadProject.objects.filter(pk=project.pk).update(status="planned")
    return {"pk": project.pk}


def _planned_project_api() -> dict[str, Any]:
    return {"project_id": _planned_project()["pk"]}


def _road_photo() -> dict[str, Any]:
    import datetime as dt
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.roads.models import RoadProject
    from branchwork.roads.services import progress_report

    report = progress_report(
        actor=TEST_ACTOR,
        project=RoadProject.objects.order_by("id").first(),
        month=dt.date(2019, 10, 1),
        km_paved=Decimal("0.5"),
        spent=Decimal("10"),
        photos=[SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)],
    )
    return {"pk": report.photos.get().pk}


def _road_target() -> dict[str, Any]:
    from branchwork.roads.models import ProgramTarget

    return {"pk": ProgramTarget.objects.filter(organization__code=HIGHWAY).order_by("id")[0].pk}


def _new_road_project() -> dict[str, Any]:
    return {
        "organization": HIGHWAY,
        "name": "矩阵测试路",
        "county": "520628",
        "year": 2026,
        "length_km": "1.000",
        "pavement_type": "concrete",
        "pavement_width_m": "3.50",
        "investment_other": "70",
    }


def _connect_group() -> dict[str, Any]:
    from branchwork.roads.models import RoadProject, VillageGroup

    project = RoadProject.objects.order_by("id").first()
    group = VillageGroup.objects.filter(county=project.county).exclude(projects=project).first()
    return {"groups": [group.pk]}


def _new_village_group() -> dict[str, Any]:
    from branchwork.roads.models import Division

    village = Division.objects.filter(level="village", code__startswith="520628").first()
    return {
        "organization": HIGHWAY,
        "village_code": village.code,
        "name": "矩阵组",
        "households": 31,
    }


def _mroute() -> dict[str, Any]:
    from branchwork.maintenance.models import Route as RoadRoute

    return {"pk": RoadRoute.objects.get(code="X021520602").pk}


def _mroute_api() -> dict[str, Any]:
    return {"route_id": _mroute()["pk"]}


def _msurvey() -> dict[str, Any]:
    from branchwork.maintenance.models import Survey

    return {"pk": Survey.objects.filter(organization__code=HIGHWAY).order_by("id").first().pk}


def _msurvey_api() -> dict[str, Any]:
    return {"survey_id": _msurvey()["pk"]}


def _survey_sheet() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "route_code,from_stake,to_stake,pavement,road_class,width_m,dr\n"
    text += "X021520602,K0+000,K1+000,asphalt,class3,7,1.5\n"
    return SimpleUploadedFile("survey.csv", text.encode(), content_type="text/csv")


def _survey_upload() -> dict[str, Any]:
    return {"file": _survey_sheet(), "year": 2021, "surveyed_on": "2021-10-01"}


def _survey_upload_api() -> dict[str, Any]:
    return {**_survey_upload(), "org": HIGHWAY}


def _patrol() -> dict[str, Any]:
    from branchwork.maintenance.models import Patrol

    return {"pk": Patrol.objects.order_by("id").first().pk}


def _patrol_api() -> dict[str, Any]:
    return {"patrol_id": _patrol()["pk"]}


def _photo_upload() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("crack.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)}


def _patrol_photo() -> dict[str, Any]:
    from branchwork.maintenance.models import Patrol
    from branchwork.maintenance.services import photo_add

    patrol = Patrol.objects.get(pk=_patrol()["pk"])
    return {"pk": photo_add(actor=TEST_ACTOR, patrol=patrol, upload=_photo_upload()["file"]).pk}


def _work_order() -> dict[str, Any]:
    from branchwork.maintenance.models import WorkOrder

    return {"pk": WorkOrder.objects.order_by("id").first().pk}


def _work_order_api() -> dict[str, Any]:
    return {"order_id": _work_order()["pk"]}


def _raised_order() -> dict[str, Any]:
    import datetime as dt

    from branchwork.maintenance.models import Route as RoadRoute
    from branchwork.maintenance.services import work_order_raise

    route = RoadRoute.objects.get(code="X021520602")
    order = work_order_raise(
        actor=TEST_ACTOR,
        route=route,
        data={
            "from_stake": "K1+000",
            "to_stake": "K1+020",
            "defect": "坑槽",
            "raised_on": dt.date(2021, 3, 1),
        },
    )
    return {"pk": order.pk}


def _raised_order_api() -> dict[str, Any]:
    return {"order_id": _raised_order()["pk"]}


def _mprofile() -> dict[str, Any]:
    from branchwork.maintenance.models import ConditionProfile

    return {"pk": ConditionProfile.objects.order_by("id").first().pk}


def _mprofile_api() -> dict[str, Any]:
    return {"profile_id": _mprofile()["pk"]}


def _patrol_payload() -> dict[str, Any]:
    return {
        "route_id": _mroute()["pk"],
        "patrolled_on": "2021-03-01",
        "inspector": "杨帆",
        "findings": "路面完好",
    }


def _order_payload() -> dict[str, Any]:
    return {
        "route_id": _mroute()["pk"],
        "from_stake": "K2+000",
        "to_stake": "K2+010",
        "defect": "坑槽",
        "raised_on": "2021-03-01",  # a blank date is refused (issue 11)
    }


@dataclass
class Route:
    """How a route is reached and who may use it."""

    kwargs: Callable[[], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    org: str | None = None  # the organization the object belongs to (None: no object)
    action: str | None = None  # the action needed (None: any signed-in user)
    method: str = "get"
    data: Callable[[], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    ok: int = 200
    public: bool = False
    owner: str | None = None  # objects owned by one user (tokens): others get 404
    query: dict[str, Any] = field(default_factory=dict)  # query string
    switcher: bool = False  # the organization switcher: only organizations with a grant
    # The route works on the user's current organization (no object): users whose current
    # organization lies outside ``org`` are judged there, not 404.
    current_org: bool = False
    # The action that makes the object visible at all (members need member.view).
    visible_with: str = Action.ORG_VIEW
    multipart: bool = False  # API operations that take a file (form data, not JSON)


PAGE_ROUTES: dict[str, Route] = {
    "core:home": Route(),
    "core:activity": Route(action=Action.AUDIT_VIEW),
    "core:healthz": Route(public=True),
    "set_language": Route(public=True, method="post", data={"language": "en"}, ok=302),
    "accounts:login": Route(public=True),
    "accounts:logout": Route(public=True, method="post", ok=302),
    "accounts:password_change": Route(),
    "accounts:password_change_done": Route(),
    "accounts:profile": Route(),
    "accounts:token_revoke": Route(
        kwargs=_secretary_token, method="post", ok=302, owner="secretary"
    ),
    "accounts:switch_organization": Route(
        method="post", data={"org": HIGHWAY}, org=HIGHWAY, ok=302, switcher=True
    ),
    "accounts:grants": Route(kwargs={"code": HIGHWAY}, org=HIGHWAY, action=Action.GRANT_MANAGE),
    "accounts:grant_revoke": Route(
        kwargs=_engineer_grant, org=HIGHWAY, action=Action.GRANT_MANAGE, method="post", ok=302
    ),
    "organizations:list": Route(),
    "members:list": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_VIEW),
    "members:create": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_MANAGE),
    "members:export": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_VIEW),
    "members:template": Route(),
    "members:import": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_MANAGE),
    "members:statistics": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_VIEW),
    "members:corrections": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_MANAGE),
    "members:correction_decide": Route(
        kwargs=_correction,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
        method="post",
        data={"decision": "approve"},
        ok=302,
    ),
    "members:me": Route(),
    "maintenance:overview": Route(action=Action.ROADS_VIEW),
    "maintenance:routes": Route(action=Action.ROADS_VIEW),
    "maintenance:route_create": Route(org=HIGHWAY, action=Action.ROADS_MANAGE, current_org=True),
    "maintenance:route": Route(kwargs=_mroute, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "maintenance:route_edit": Route(
        kwargs=_mroute, org=HIGHWAY, visible_with=Action.ROADS_VIEW, action=Action.ROADS_MANAGE
    ),
    "maintenance:route_template": Route(
        kwargs=_mroute, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    "maintenance:surveys": Route(action=Action.ROADS_VIEW),
    "maintenance:survey_template": Route(action=Action.ROADS_VIEW),
    "maintenance:survey_import": Route(org=HIGHWAY, action=Action.ROADS_MANAGE, current_org=True),
    "maintenance:survey": Route(kwargs=_msurvey, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "maintenance:survey_delete": Route(
        kwargs=_msurvey,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        ok=302,
    ),
    "maintenance:patrols": Route(action=Action.ROADS_VIEW),
    "maintenance:patrol": Route(kwargs=_patrol, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "maintenance:photo": Route(kwargs=_patrol_photo, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "maintenance:work_orders": Route(action=Action.ROADS_VIEW),
    "maintenance:work_order": Route(
        kwargs=_work_order, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    "maintenance:work_order_advance": Route(
        kwargs=_raised_order,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data={"assignee": "碧江养护站", "on": "2021-03-02"},
        ok=302,
    ),
    "maintenance:profiles": Route(action=Action.ROADS_VIEW),
    "maintenance:profile": Route(kwargs=_mprofile, action=Action.ROADS_VIEW),
    "maintenance:profile_revise": Route(kwargs=_mprofile, action=Action.ROADS_STANDARDS),
    "roads:dashboard": Route(action=Action.ROADS_VIEW),
    "roads:projects": Route(action=Action.ROADS_VIEW),
    "roads:groups": Route(action=Action.ROADS_VIEW),
    "roads:project_create": Route(org=HIGHWAY, action=Action.ROADS_MANAGE, current_org=True),
    "roads:project": Route(kwargs=_project, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "roads:project_edit": Route(
        kwargs=_project, org=HIGHWAY, visible_with=Action.ROADS_VIEW, action=Action.ROADS_MANAGE
    ),
    "roads:project_advance": Route(
        kwargs=_planned_project,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        ok=302,
    ),
    "roads:project_progress": Route(
        kwargs=_planned_project,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data={"month": "2026-10", "km_paved": "0.5", "spent": "10"},
        ok=302,
    ),
    "roads:project_disconnect": Route(
        kwargs=_connected_group,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        ok=302,
    ),
    "roads:project_connect": Route(
        kwargs=_planned_project,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        ok=302,
    ),
    "roads:photo": Route(kwargs=_road_photo, org=HIGHWAY, visible_with=Action.ROADS_VIEW),
    "roads:targets": Route(action=Action.ROADS_VIEW),
    "roads:target_edit": Route(
        kwargs=_road_target, org=HIGHWAY, visible_with=Action.ROADS_VIEW, action=Action.ROADS_MANAGE
    ),
    "dues:sheet": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:sheet_export": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:generate": Route(
        query={"org": HIGHWAY},
        org=HIGHWAY,
        action=Action.DUES_MANAGE,
        method="post",
        data={"year": 2019},
        ok=302,
    ),
    "dues:bases": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:basis": Route(
        kwargs=_member_pk, org=HIGHWAY, visible_with=Action.DUES_VIEW, action=Action.DUES_MANAGE
    ),
    "dues:quote": Route(),
    "dues:pay": Route(
        kwargs=_member_pk, org=HIGHWAY, visible_with=Action.DUES_VIEW, action=Action.DUES_MANAGE
    ),
    "dues:payments": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:payment": Route(kwargs=_highway_payment, org=HIGHWAY, visible_with=Action.DUES_VIEW),
    "dues:reverse": Route(
        kwargs=_highway_payment,
        org=HIGHWAY,
        visible_with=Action.DUES_VIEW,
        action=Action.DUES_MANAGE,
        method="post",
        data={"reason": "录入错误"},
        ok=302,
    ),
    "dues:voluntary": Route(
        kwargs=_member_pk, org=HIGHWAY, visible_with=Action.DUES_VIEW, action=Action.DUES_MANAGE
    ),
    "dues:remittances": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:reductions": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:reduction_decide": Route(
        kwargs=_reduction,
        org=HIGHWAY,
        visible_with=Action.DUES_VIEW,
        action=Action.DUES_MANAGE,
        method="post",
        data={"decision": "approve"},
        ok=302,
    ),
    "dues:arrears": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:report": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.DUES_VIEW),
    "dues:publication": Route(query={"org": HIGHWAY}, org=HIGHWAY),
    "dues:me": Route(),
    "meetings:list": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEETING_VIEW),
    "meetings:calendar": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEETING_VIEW),
    "meetings:plan": Route(
        query={"org": HIGHWAY},
        org=HIGHWAY,
        action=Action.MEETING_MANAGE,
        method="post",
        data={"year": 2026},
        ok=302,
    ),
    "meetings:create": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEETING_MANAGE),
    "meetings:compliance": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEETING_VIEW),
    "meetings:export": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEETING_VIEW),
    "meetings:attendance": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_VIEW),
    "meetings:appraisal": Route(query={"org": HIGHWAY}, org=HIGHWAY, action=Action.MEMBER_VIEW),
    "meetings:feed": Route(),
    "meetings:ical": Route(kwargs=_feed_token, public=True),
    "meetings:attachment": Route(kwargs=_attachment, org=HIGHWAY, visible_with=Action.MEETING_VIEW),
    "meetings:detail": Route(
        kwargs=_highway_meeting, org=HIGHWAY, visible_with=Action.MEETING_VIEW
    ),
    "meetings:minutes": Route(
        kwargs=_highway_meeting, org=HIGHWAY, visible_with=Action.MEETING_VIEW
    ),
    "meetings:edit": Route(
        kwargs=_highway_meeting,
        org=HIGHWAY,
        visible_with=Action.MEETING_VIEW,
        action=Action.MEETING_MANAGE,
    ),
    "meetings:set_attendance": Route(
        kwargs=_highway_meeting,
        org=HIGHWAY,
        visible_with=Action.MEETING_VIEW,
        action=Action.MEETING_MANAGE,
        method="post",
        ok=302,
    ),
    "meetings:vote": Route(
        kwargs=_highway_meeting,
        org=HIGHWAY,
        visible_with=Action.MEETING_VIEW,
        action=Action.MEETING_MANAGE,
        method="post",
        data={"kind": "motion", "subject": "x", "votes_for": 1},
        ok=302,
    ),
    "meetings:attach": Route(
        kwargs=_highway_meeting,
        org=HIGHWAY,
        visible_with=Action.MEETING_VIEW,
        action=Action.MEETING_MANAGE,
        method="post",
        ok=302,
    ),
    "members:detail": Route(kwargs=_highway_member, org=HIGHWAY, visible_with=Action.MEMBER_VIEW),
    "members:edit": Route(
        kwargs=_highway_member,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
    ),
    "members:status": Route(
        kwargs=_highway_member,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
    ),
    "members:transfer": Route(
        kwargs=_highway_member,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
    ),
    "members:account": Route(
        kwargs=_highway_member,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.GRANT_MANAGE,
    ),
    "members:reveal": Route(
        kwargs=_reveal,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_VIEW_PERSONAL,
        method="post",
    ),
    "organizations:detail": Route(kwargs={"code": HIGHWAY}, org=HIGHWAY),
    "organizations:edit": Route(kwargs={"code": HIGHWAY}, org=HIGHWAY, action=Action.ORG_MANAGE),
    "organizations:create_child": Route(
        kwargs={"code": HIGHWAY}, org=HIGHWAY, action=Action.ORG_MANAGE
    ),
    "organizations:committee_create": Route(
        kwargs={"code": HIGHWAY}, org=HIGHWAY, action=Action.ORG_MANAGE
    ),
    "organizations:committee_edit": Route(
        kwargs=_committee_pk, org=HIGHWAY, action=Action.ORG_MANAGE
    ),
}


def expected_status(persona: str, route: Route, *, api: bool = False) -> int:
    from branchwork.accounts.models import User
    from branchwork.core.current import switchable_organizations
    from branchwork.core.scoping import can
    from branchwork.organizations.models import Organization

    if route.public:
        return route.ok
    if persona == "anonymous":
        return 401 if api else 302
    user = User.objects.get(username=PERSONAS[persona])
    if route.owner is not None:
        return route.ok if PERSONAS[persona] == route.owner else 404
    if route.current_org:
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        request.user, request.session = user, {}
        from branchwork.core.current import current_organization

        current = current_organization(request)
        if current is None:
            return 403
        return route.ok if can(user, route.action, current) else 403
    if route.org is not None:
        org = Organization.objects.get(code=route.org)
        if route.switcher:
            # The switcher accepts only organizations the user holds a grant on.
            return route.ok if org in switchable_organizations(user) else 404
        if not can(user, route.visible_with, org):
            return 404
        if route.action and not can(user, route.action, org):
            return 403
        return route.ok
    if route.action and not can(user, route.action):
        return 403
    return route.ok


def test_every_page_route_is_listed():
    missing = [name for name in ALL_PAGE_ROUTES if name not in PAGE_ROUTES]
    assert not missing, f"Routes without an access decision in PAGE_ROUTES: {missing}"
    stale = [name for name in PAGE_ROUTES if name not in ALL_PAGE_ROUTES]
    assert not stale, f"PAGE_ROUTES lists routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", sorted(PAGE_ROUTES))
def test_page_route_answers_each_persona_as_scoped(name, persona):
    from django.urls import reverse

    route = PAGE_ROUTES[name]
    kwargs = route.kwargs() if callable(route.kwargs) else route.kwargs
    url = reverse(name, kwargs=kwargs or None)
    if route.query:
        url += "?" + urlencode(route.query)
    client = login_client(None if persona == "anonymous" else PERSONAS[persona])
    expected = expected_status(persona, route)
    if name == "accounts:login" and persona != "anonymous":
        expected = 302  # signed-in users are sent on to the home page
    response = getattr(client, route.method)(url, route.data)
    assert response.status_code == expected, (
        f"{route.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous" and not route.public:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(n for n, r in PAGE_ROUTES.items() if r.method == "post" and not r.public)
)
def test_post_only_routes_refuse_get(name, as_persona):
    from django.urls import reverse

    route = PAGE_ROUTES[name]
    kwargs = route.kwargs() if callable(route.kwargs) else route.kwargs
    assert as_persona("secretary").get(reverse(name, kwargs=kwargs or None)).status_code == 405


# --- API ------------------------------------------------------------------------------------

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/me"): Route(),
    ("get", "/api/activity"): Route(action=Action.AUDIT_VIEW),
    ("get", "/api/organizations"): Route(),
    ("get", "/api/organizations/{code}"): Route(kwargs={"code": HIGHWAY}, org=HIGHWAY),
    ("patch", "/api/organizations/{code}"): Route(
        kwargs={"code": HIGHWAY},
        org=HIGHWAY,
        action=Action.ORG_MANAGE,
        method="patch",
        data={"short_name": "公路局党支部"},
    ),
    ("post", "/api/organizations/{code}/children"): Route(
        kwargs={"code": HIGHWAY},
        org=HIGHWAY,
        action=Action.ORG_MANAGE,
        method="post",
        data={"code": "tr-highway-g9", "name": "第九党小组", "org_type": "party_group"},
        ok=201,
    ),
    ("get", "/api/organizations/{code}/committees"): Route(kwargs={"code": HIGHWAY}, org=HIGHWAY),
    ("get", "/api/members"): Route(),
    ("get", "/api/dues/members/{member_id}/bases"): Route(
        kwargs=_member_api, org=HIGHWAY, visible_with=Action.DUES_VIEW
    ),
    ("post", "/api/dues/members/{member_id}/bases"): Route(
        kwargs=_member_api,
        org=HIGHWAY,
        visible_with=Action.DUES_VIEW,
        action=Action.DUES_MANAGE,
        method="post",
        data={"category": "employed", "base": "4200.00", "effective_from": "2027-01-01"},
        ok=201,
    ),
    ("get", "/api/dues/ledger"): Route(
        org=HIGHWAY, action=Action.DUES_VIEW, data={"org": HIGHWAY, "year": 2019}
    ),
    ("get", "/api/dues/payments"): Route(
        org=HIGHWAY, action=Action.DUES_VIEW, data={"org": HIGHWAY, "year": 2019}
    ),
    ("post", "/api/dues/members/{member_id}/payments"): Route(
        kwargs=_member_in_arrears_api,
        org=HIGHWAY,
        visible_with=Action.DUES_VIEW,
        action=Action.DUES_MANAGE,
        method="post",
        data={
            "first_month": "2019-11-01",
            "last_month": "2019-12-01",
            "amount": "150.60",
            "paid_on": "2020-01-10",
            "method": "cash",
            "receipt_number": "GL2020-0001",
        },
        ok=201,
    ),
    ("post", "/api/dues/payments/{payment_id}/reversal"): Route(
        kwargs=_highway_payment_api,
        org=HIGHWAY,
        visible_with=Action.DUES_VIEW,
        action=Action.DUES_MANAGE,
        method="post",
        data={"reason": "录入错误"},
        ok=201,
    ),
    ("post", "/api/dues/generate"): Route(
        org=HIGHWAY,
        action=Action.DUES_MANAGE,
        method="post",
        data={"org": HIGHWAY, "year": 2019},
    ),
    ("get", "/api/dues/members/{member_id}/statement"): Route(
        kwargs=_member_api, org=HIGHWAY, visible_with=Action.DUES_VIEW, data={"year": 2019}
    ),
    ("get", "/api/dues/arrears"): Route(
        org=HIGHWAY, action=Action.DUES_VIEW, data={"org": HIGHWAY}
    ),
    ("get", "/api/maintenance/routes"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/maintenance/routes"): Route(
        org=HIGHWAY,
        action=Action.ROADS_MANAGE,
        method="post",
        data={
            "org": HIGHWAY,
            "code": "Y009520602",
            "name": "乡道Y009",
            "grade": "class4",
            "pavement": "concrete",
            "start_stake": "K0+000",
            "end_stake": "K3+200",
            "width_m": "4.5",
        },
        ok=201,
    ),
    ("get", "/api/maintenance/routes/{route_id}"): Route(
        kwargs=_mroute_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("patch", "/api/maintenance/routes/{route_id}"): Route(
        kwargs=_mroute_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="patch",
        data={"name": "县道X021（改名）"},
    ),
    ("get", "/api/maintenance/routes/{route_id}/units"): Route(
        kwargs=_mroute_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("get", "/api/maintenance/surveys"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/maintenance/surveys"): Route(
        org=HIGHWAY,
        action=Action.ROADS_MANAGE,
        method="post",
        data=_survey_upload_api,
        multipart=True,
        ok=201,
    ),
    ("get", "/api/maintenance/surveys/{survey_id}"): Route(
        kwargs=_msurvey_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("get", "/api/maintenance/surveys/{survey_id}/units"): Route(
        kwargs=_msurvey_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("delete", "/api/maintenance/surveys/{survey_id}"): Route(
        kwargs=_msurvey_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="delete",
        ok=204,
    ),
    ("get", "/api/maintenance/summary"): Route(action=Action.ROADS_VIEW),
    ("get", "/api/maintenance/patrols"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/maintenance/patrols"): Route(
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data=_patrol_payload,
        ok=201,
    ),
    ("get", "/api/maintenance/patrols/{patrol_id}"): Route(
        kwargs=_patrol_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("get", "/api/maintenance/profile-years"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/maintenance/patrols/{patrol_id}/photos"): Route(
        kwargs=_patrol_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data=_photo_upload,
        multipart=True,
        ok=201,
    ),
    ("get", "/api/maintenance/work-orders"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/maintenance/work-orders"): Route(
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data=_order_payload,
        ok=201,
    ),
    ("get", "/api/maintenance/work-orders/{order_id}"): Route(
        kwargs=_work_order_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("post", "/api/maintenance/work-orders/{order_id}/advance"): Route(
        kwargs=_raised_order_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data={"assignee": "碧江养护站", "on": "2021-03-02"},
    ),
    ("get", "/api/maintenance/profiles"): Route(action=Action.ROADS_VIEW),
    ("get", "/api/maintenance/profiles/{profile_id}"): Route(
        kwargs=_mprofile_api, action=Action.ROADS_VIEW
    ),
    ("post", "/api/maintenance/profiles/{profile_id}/revise"): Route(
        kwargs=_mprofile_api,
        action=Action.ROADS_STANDARDS,
        method="post",
        data={"note": "matrix", "values": {"pci.asphalt.a0": 15.5}},
        ok=201,
    ),
    ("put", "/api/maintenance/profile-years/{year}"): Route(
        kwargs={"year": 2021},
        action=Action.ROADS_STANDARDS,
        method="put",
        data=lambda: {"profile_id": _mprofile()["pk"]},
    ),
    ("delete", "/api/roads/projects/{project_id}/groups/{group_id}"): Route(
        kwargs=_connected_group_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="delete",
    ),
    ("get", "/api/roads/dashboard"): Route(action=Action.ROADS_VIEW),
    ("get", "/api/roads/projects"): Route(action=Action.ROADS_VIEW),
    ("get", "/api/roads/projects/{project_id}"): Route(
        kwargs=_project_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("get", "/api/roads/dashboard/months"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/roads/projects"): Route(
        org=HIGHWAY, action=Action.ROADS_MANAGE, method="post", data=_new_road_project, ok=201
    ),
    ("patch", "/api/roads/projects/{project_id}"): Route(
        kwargs=_project_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="patch",
        data={"supervisor": "铜仁公路监理"},
    ),
    ("post", "/api/roads/projects/{project_id}/advance"): Route(
        kwargs=_planned_project_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
    ),
    ("post", "/api/roads/projects/{project_id}/groups"): Route(
        kwargs=_project_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data=_connect_group,
    ),
    ("get", "/api/roads/projects/{project_id}/progress"): Route(
        kwargs=_project_api, org=HIGHWAY, visible_with=Action.ROADS_VIEW
    ),
    ("post", "/api/roads/projects/{project_id}/progress"): Route(
        kwargs=_project_api,
        org=HIGHWAY,
        visible_with=Action.ROADS_VIEW,
        action=Action.ROADS_MANAGE,
        method="post",
        data={"month": "2019-10-01", "km_paved": "0.5", "spent": "10"},
        ok=201,
    ),
    ("get", "/api/roads/groups"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/roads/groups"): Route(
        org=HIGHWAY, action=Action.ROADS_MANAGE, method="post", data=_new_village_group, ok=201
    ),
    ("get", "/api/roads/targets"): Route(action=Action.ROADS_VIEW),
    ("post", "/api/roads/targets"): Route(
        org=HIGHWAY,
        action=Action.ROADS_MANAGE,
        method="post",
        data={"organization": HIGHWAY, "county": "520628", "year": 2027, "groups": 5, "km": "9"},
        ok=201,
    ),
    ("get", "/api/dues/report"): Route(
        org=HIGHWAY, action=Action.DUES_VIEW, data={"org": HIGHWAY, "year": 2019}
    ),
    ("get", "/api/meetings"): Route(org=HIGHWAY, action=Action.MEETING_VIEW, data={"org": HIGHWAY}),
    ("get", "/api/meetings/{meeting_id}"): Route(
        kwargs=_highway_meeting_api, org=HIGHWAY, visible_with=Action.MEETING_VIEW
    ),
    ("get", "/api/meetings/compliance/{code}/{year}"): Route(
        kwargs={"code": HIGHWAY, "year": 2019}, org=HIGHWAY, action=Action.MEETING_VIEW
    ),
    ("post", "/api/members"): Route(
        org=HIGHWAY, action=Action.MEMBER_MANAGE, method="post", data=_new_member_payload, ok=201
    ),
    ("get", "/api/members/{member_id}"): Route(
        kwargs=_highway_member_api, org=HIGHWAY, visible_with=Action.MEMBER_VIEW
    ),
    ("patch", "/api/members/{member_id}"): Route(
        kwargs=_highway_member_api,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
        method="patch",
        data={"post": "副局长（主持工作）"},
    ),
    ("post", "/api/members/{member_id}/status"): Route(
        kwargs=_highway_member_api,
        org=HIGHWAY,
        visible_with=Action.MEMBER_VIEW,
        action=Action.MEMBER_MANAGE,
        method="post",
        data={
            "status": "mobile",
            "effective_on": "2026-01-05",
            "detail": "广州",
            "reason": "外出学习六个月",
        },
        ok=201,
    ),
}


def _api_operations() -> list[tuple[str, str]]:
    from branchwork.config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    return sorted((method, path) for path, methods in schema["paths"].items() for method in methods)


def test_every_api_operation_is_listed():
    operations = _api_operations()
    missing = [op for op in operations if op not in API_ROUTES]
    assert not missing, f"API operations without an access decision in API_ROUTES: {missing}"
    stale = [op for op in API_ROUTES if op not in operations]
    assert not stale, f"API_ROUTES lists operations that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("operation", sorted(API_ROUTES))
def test_api_operation_answers_each_persona_as_scoped(operation, persona):
    method, template = operation
    route = API_ROUTES[operation]
    url = template.format(**(route.kwargs() if callable(route.kwargs) else route.kwargs))
    client = login_client(None if persona == "anonymous" else PERSONAS[persona])
    data = route.data() if callable(route.data) else route.data
    if route.multipart:
        response = client.post(url, data)
    else:
        kwargs = {"content_type": "application/json"} if method in ("post", "patch", "put") else {}
        body = data if method == "get" else json.dumps(data)
        response = getattr(client, method)(url, body, **kwargs)
    expected = expected_status(persona, route, api=True)
    assert response.status_code == expected, (
        f"{method.upper()} {url} as {persona}: {response.status_code} {response.content[:200]!r}"
    )
    if expected >= 400:
        body = response.json()
        assert set(body) == {"error"}
        assert body["error"]["status"] == expected
        assert body["error"]["code"] and body["error"]["message"]


# --- Hand-written facts the computed matrix must agree with ---------------------------------


@pytest.mark.django_db
def test_outsider_cannot_see_the_highway_branch_anywhere(as_persona):
    client = as_persona("outsider")
    for url in [
        "/orgs/tr-highway/",
        "/orgs/tr-highway/edit/",
        "/orgs/tr-highway-g1/",
        "/accounts/roles/tr-highway/",
        "/api/organizations/tr-highway",
        "/api/organizations/tr-highway/committees",
    ]:
        assert client.get(url).status_code == 404, url
    listed = {o["code"] for o in client.get("/api/organizations").json()["items"]}
    assert listed == {"tr-transport"}


@pytest.mark.django_db
def test_member_sees_branch_but_cannot_edit_it(as_persona):
    client = as_persona("member")
    assert client.get("/orgs/tr-highway/").status_code == 200
    assert client.get("/orgs/tr-highway/edit/").status_code == 403
    assert client.get("/orgs/tr-transport/").status_code == 404


@pytest.mark.django_db
def test_inspector_reads_every_branch_under_the_work_committee_but_changes_none(as_persona):
    client = as_persona("inspector")
    codes = {o["code"] for o in client.get("/api/organizations?page=1").json()["items"]}
    assert {"tr-organs", "tr-highway", "tr-transport", "tr-highway-g1"} <= codes
    assert "tr-cpc" not in codes
    assert client.get("/orgs/tr-transport/").status_code == 200
    assert client.get("/orgs/tr-highway/edit/").status_code == 403
    assert client.get("/orgs/tr-cpc/").status_code == 404
