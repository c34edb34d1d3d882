import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require, scope
from branchwork.roads import selectors
from branchwork.roads.models import RoadProject

router = Router(tags=["roads"])


class CountyOut(Schema):
    county: str
    county_code: str
    km_done: Decimal
    km_planned: Decimal
    eligible: int
    connected: int
    connected_rate: float | None
    households: int
    poor_people: int

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.name

    @staticmethod
    def resolve_county_code(obj: Any) -> str:
        return obj.county.code


class DashboardOut(Schema):
    km_done: Decimal
    eligible: int
    connected: int
    connected_rate: float | None
    counties: list[CountyOut]


class ProjectOut(Schema):
    id: int
    name: str
    county: str
    route_code: str
    year: int
    length_km: Decimal
    pavement_type: str
    pavement_width_m: Decimal
    investment: Decimal
    status: str
    completed_on: dt.date | None
    accepted_on: dt.date | None

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.code


@router.get("/dashboard", response=DashboardOut, summary="The group-road program by county")
def dashboard(request: HttpRequest) -> Any:
    require(request.user, Action.ROADS_VIEW)
    total, counties = selectors.dashboard(request.user)
    return {
        "km_done": total.km_done,
        "eligible": total.eligible,
        "connected": total.connected,
        "connected_rate": total.connected_rate,
        "counties": counties,
    }


@router.get("/projects", response=list[ProjectOut], summary="Group-road projects")
@paginate(PageNumberPagination)
def project_list(request: HttpRequest, status: str | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    projects = scope(RoadProject.objects.select_related("county"), request.user, Action.ROADS_VIEW)
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("id")


@router.get("/projects/{project_id}", response=ProjectOut, summary="One project")
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return get_scoped(
        RoadProject.objects.select_related("county"), request.user, Action.ROADS_VIEW, pk=project_id
    )
