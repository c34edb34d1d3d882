"""The 组组通 program over the API: dashboard (by county and by month), projects, progress,
village groups and targets. Reads need roads.view, writes roads.manage on the organization
that owns the record; every write goes through roads.services, so a broken rule is a 422 in
the API's one error shape with the field and the reason."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.core.api import (
    Centimetres,
    KeptDate,
    Km,
    Latitude,
    Longitude,
    Metres,
    NamedChoices,
    Pagination,
    PositiveKm,
    Yuan,
)
from branchwork.core.audit import expect_version
from branchwork.core.dates import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.organizations.selectors import organization_get
from branchwork.roads import selectors, services, workflow
from branchwork.roads.filters import RoadProjectFilter
from branchwork.roads.models import Division, RoadProject

router = Router(tags=["roads"])

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Text = Annotated[str, Field(max_length=200)]
Stake = Annotated[str, Field(max_length=16)]


# --- dashboard ------------------------------------------------------------------------------


class CountyOut(Schema):
    rank: int
    county: str
    county_code: str
    km_done: Decimal
    km_planned: Decimal
    km_target: Decimal
    eligible: int
    connected: int
    connected_rate: float | None
    households: int
    poor_people: int
    investment: Decimal
    investment_central: Decimal
    investment_provincial: Decimal
    investment_local: Decimal
    investment_other: Decimal
    investment_per_km: Decimal | None

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.name

    @staticmethod
    def resolve_county_code(obj: Any) -> str:
        return obj.county.code


class DashboardOut(Schema):
    km_done: Decimal
    km_target: Decimal
    eligible: int
    connected: int
    connected_rate: float | None
    households: int
    poor_people: int
    investment: Decimal
    investment_per_km: Decimal | None
    counties: list[CountyOut]


class MonthOut(Schema):
    month: str
    km_done: Decimal
    groups: int
    km_cumulative: Decimal
    groups_cumulative: int

    @staticmethod
    def resolve_month(obj: Any) -> str:
        return f"{obj.month:%Y-%m}"


class MonthsOut(Schema):
    year: int | None
    months: list[MonthOut]


@router.get("/dashboard", response=DashboardOut, summary="The group-road program by county")
def dashboard(request: HttpRequest) -> Any:
    require(request.user, Action.ROADS_VIEW)
    total, counties = selectors.dashboard(user=request.user)
    return {
        "km_done": total.km_done,
        "km_target": total.km_target,
        "eligible": total.eligible,
        "connected": total.connected,
        "connected_rate": total.connected_rate,
        "households": total.households,
        "poor_people": total.poor_people,
        "investment": total.investment,
        "investment_per_km": total.investment_per_km,
        "counties": counties,
    }


@router.get(
    "/dashboard/months",
    response=MonthsOut,
    summary="The group-road program by month (km completed, groups newly connected)",
)
def dashboard_months(request: HttpRequest, year: Year | None = None) -> Any:
    """``year``: a program year; leave it out for all years."""
    require(request.user, Action.ROADS_VIEW)
    return {"year": year, "months": selectors.dashboard_months(user=request.user, year=year)}


# --- projects -------------------------------------------------------------------------------


class _OwnedInCounty(Schema):
    """The owning organization's code and the county (code and name) of a road project or a
    program target."""

    organization: str
    county: str
    county_name: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.code

    @staticmethod
    def resolve_county_name(obj: Any) -> str:
        return obj.county.name


class ProjectOut(_OwnedInCounty):
    id: int
    version: int
    name: str
    township: str | None
    township_name: str | None
    route_code: str
    start_stake: str
    end_stake: str
    year: int
    length_km: Decimal
    subgrade_width_m: Decimal | None
    pavement_type: str
    pavement_width_m: Decimal
    pavement_thickness_cm: Decimal | None
    passing_bays: int | None
    investment: Decimal
    investment_central: Decimal
    investment_provincial: Decimal
    investment_local: Decimal
    investment_other: Decimal
    contractor: str
    supervisor: str
    status: str
    started_on: dt.date | None
    completed_on: dt.date | None
    accepted_on: dt.date | None
    accepted_by: str

    @staticmethod
    def resolve_township(obj: Any) -> str | None:
        return obj.township.code if obj.township_id else None

    @staticmethod
    def resolve_township_name(obj: Any) -> str | None:
        return obj.township.name if obj.township_id else None


class ProjectDetailOut(ProjectOut):
    groups: list[int]
    warnings: list[str]

    @staticmethod
    def resolve_groups(obj: Any) -> list[int]:
        return sorted(g.pk for g in obj.groups.all())

    @staticmethod
    def resolve_warnings(obj: Any) -> list[str]:
        saved = getattr(obj, "_warnings", None)
        return saved if saved is not None else workflow.stored_project_warnings(obj)


class ProjectFields(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    county: Annotated[str, Field(description="Division code of the county, e.g. 520628")]
    township: Annotated[
        str | None, Field(description="Division code of a township of the county")
    ] = None
    route_code: Annotated[str, Field(max_length=10)] = ""
    start_stake: Stake = ""
    end_stake: Stake = ""
    year: Year
    length_km: PositiveKm
    subgrade_width_m: Metres | None = None
    pavement_type: RoadProject.Pavement
    pavement_width_m: Metres
    pavement_thickness_cm: Centimetres | None = None
    passing_bays: Annotated[int, Field(ge=0, le=10_000)] | None = None
    investment_central: Yuan = Decimal("0")
    investment_provincial: Yuan = Decimal("0")
    investment_local: Yuan = Decimal("0")
    investment_other: Yuan = Decimal("0")
    contractor: Text = ""
    supervisor: Text = ""
    started_on: KeptDate | None = None


class ProjectIn(ProjectFields):
    organization: Annotated[str, Field(description="Code of the owning organization")]


class ProjectPatchIn(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you read; a stale one is refused with 409"
    )
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    county: str | None = None
    township: str | None = None
    route_code: Annotated[str, Field(max_length=10)] | None = None
    start_stake: Stake | None = None
    end_stake: Stake | None = None
    year: Year | None = None
    length_km: PositiveKm | None = None
    subgrade_width_m: Metres | None = None
    pavement_type: RoadProject.Pavement | None = None
    pavement_width_m: Metres | None = None
    pavement_thickness_cm: Centimetres | None = None
    passing_bays: Annotated[int, Field(ge=0, le=10_000)] | None = None
    investment_central: Yuan | None = None
    investment_provincial: Yuan | None = None
    investment_local: Yuan | None = None
    investment_other: Yuan | None = None
    contractor: Text | None = None
    supervisor: Text | None = None
    started_on: KeptDate | None = None


class ProjectAdvanceIn(Schema):
    on: Annotated[
        KeptDate | None,
        Field(description="Start, completion or acceptance date; today when left out"),
    ] = None
    inspector: Annotated[str, Field(max_length=60)] = ""


class ConnectIn(Schema):
    groups: Annotated[
        list[Annotated[int, Field(ge=1, le=2_147_483_647)]], Field(min_length=1, max_length=500)
    ]


class ConnectOut(Schema):
    connected: int
    groups: list[int]


NO_SUCH_DIVISION = {
    "county": gettext_lazy("No county has the code %(code)s."),
    "township": gettext_lazy("No township has the code %(code)s."),
    "village": gettext_lazy("No village has the code %(code)s."),
}


def _stored(
    request: HttpRequest, project: RoadProject, warnings: list[str] | None = None
) -> RoadProject:
    """The project as stored (decimals with their places), with the save's warnings."""
    stored = selectors.project_get(user=request.user, pk=project.pk)
    stored._warnings = warnings
    return stored


def _division(code: str, level: str, field: str) -> Division:
    division = selectors.division_by_code(code, level)
    if division is None:
        raise ValidationError({field: [str(NO_SUCH_DIVISION[level]) % {"code": code}]})
    return division


def _project_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    if data.get("county") is not None:
        data["county"] = _division(data["county"], "county", "county")
    if "township" in data:
        code = data["township"]
        data["township"] = _division(code, "township", "township") if code else None
    return data


ProjectStatus = Annotated[RoadProject.Status, NamedChoices("ProjectStatus", RoadProject.Status)]


class ProjectFilters(Schema):
    q: Annotated[str, Field(max_length=200, description="Part of the name or route code")] = ""
    status: ProjectStatus | None = None
    county: Annotated[str | None, Field(description="Division code of the county")] = None
    year: Year | None = None


@router.get("/projects", response=list[ProjectOut], summary="Group-road projects")
@paginate(Pagination)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    """The same filters as the list page and its export (roads.filters.RoadProjectFilter):
    ``q`` searches the name and the route code."""
    require(request.user, Action.ROADS_VIEW)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    filterset = RoadProjectFilter(data, queryset=selectors.project_list(user=request.user))
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs.order_by("id")


@router.get("/projects/{project_id}", response=ProjectDetailOut, summary="One project")
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return selectors.project_get(user=request.user, pk=project_id)


@router.post("/projects", response={201: ProjectDetailOut}, summary="Create a project")
def project_create(request: HttpRequest, payload: ProjectIn) -> Any:
    """The total investment is the sum of the four sources. The answer lists the warnings of
    the (unverified) group-road profile; they never refuse a project."""
    data = payload.dict()
    org = organization_get(request.user, data.pop("organization"))
    require(request.user, Action.ROADS_MANAGE, org)
    project, warnings = services.project_save(
        actor=request.user, organization=org, data=_project_data(data)
    )
    return Status(201, _stored(request, project, warnings))


@router.patch("/projects/{project_id}", response=ProjectDetailOut, summary="Change a project")
def project_update(request: HttpRequest, project_id: int, payload: ProjectPatchIn) -> Any:
    project = selectors.project_get(user=request.user, pk=project_id, action=Action.ROADS_MANAGE)
    changes = payload.dict(exclude_unset=True)
    expect_version(project, changes.pop("version", None))
    project, warnings = services.project_save(
        actor=request.user,
        organization=project.organization,
        data=_project_data(changes),
        project=project,
    )
    return _stored(request, project, warnings)


@router.post(
    "/projects/{project_id}/advance",
    response=ProjectDetailOut,
    summary="Move a project to its next status",
)
def project_advance(request: HttpRequest, project_id: int, payload: ProjectAdvanceIn) -> Any:
    """planned → approved → under construction (start date) → completed (completion date) →
    accepted (acceptance date and inspector)."""
    project = selectors.project_get(user=request.user, pk=project_id, action=Action.ROADS_MANAGE)
    services.project_advance(
        actor=request.user, project=project, on=payload.on, inspector=payload.inspector
    )
    return _stored(request, project)


@router.post(
    "/projects/{project_id}/groups",
    response=ConnectOut,
    summary="Connect village groups of the county to a project",
)
def project_connect(request: HttpRequest, project_id: int, payload: ConnectIn) -> Any:
    project = selectors.project_get(user=request.user, pk=project_id, action=Action.ROADS_MANAGE)
    wanted = set(payload.groups)
    groups = list(selectors.connectable_groups(user=request.user).filter(pk__in=wanted))
    unknown = sorted(wanted - {g.pk for g in groups})
    if unknown:
        raise ValidationError(
            {
                "groups": [
                    _("No village group you manage has the id %(ids)s.")
                    % {"ids": ", ".join(map(str, unknown))}
                ]
            }
        )
    n = services.project_connect(actor=request.user, project=project, groups=groups)
    return {"connected": n, "groups": sorted(project.groups.values_list("pk", flat=True))}


@router.delete(
    "/projects/{project_id}/groups/{group_id}",
    response=ConnectOut,
    summary="Disconnect a wrongly connected village group (not once the project is accepted)",
)
def project_disconnect(request: HttpRequest, project_id: int, group_id: int) -> Any:
    project = selectors.project_get(user=request.user, pk=project_id, action=Action.ROADS_MANAGE)
    group = selectors.project_groups(user=request.user, project=project).filter(pk=group_id).first()
    if group is None:
        raise Http404
    services.project_disconnect(actor=request.user, project=project, group=group)
    return {"connected": 0, "groups": sorted(project.groups.values_list("pk", flat=True))}


# --- progress -------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("roads:photo", kwargs={"pk": obj.pk})


class ProgressOut(Schema):
    id: int
    month: str
    km_paved: Decimal
    spent: Decimal
    note: str
    photos: list[PhotoOut]

    @staticmethod
    def resolve_month(obj: Any) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_photos(obj: Any) -> list[Any]:
        return list(obj.photos.all())


class ProgressIn(Schema):
    month: Annotated[
        KeptDate,
        Field(description=f"Any day of the month reported, from {DATE_MIN} to {DATE_MAX}."),
    ]
    km_paved: Km
    spent: Yuan
    note: Annotated[str, Field(max_length=300)] = ""


@router.get(
    "/projects/{project_id}/progress",
    response=list[ProgressOut],
    summary="A project's monthly progress reports (photos are served at their url)",
)
def progress_list(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(user=request.user, pk=project_id)
    return list(selectors.report_list(user=request.user, project=project))


@router.post(
    "/projects/{project_id}/progress",
    response={201: ProgressOut},
    summary="Report a month's progress (cumulative km paved and money spent)",
)
def progress_create(request: HttpRequest, project_id: int, payload: ProgressIn) -> Any:
    """Photos are uploaded on the project page. Reporting a month again corrects it."""
    project = selectors.project_get(user=request.user, pk=project_id, action=Action.ROADS_MANAGE)
    report = services.progress_report(actor=request.user, project=project, **payload.dict())
    return Status(201, selectors.report_get(user=request.user, pk=report.pk))


# --- village groups -------------------------------------------------------------------------


class GroupOut(Schema):
    id: int
    organization: str
    village: str
    village_name: str
    county: str
    name: str
    households: int
    population: int
    poor_households: int
    poor_population: int
    longitude: Decimal | None
    latitude: Decimal | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_village(obj: Any) -> str:
        return obj.village.code

    @staticmethod
    def resolve_village_name(obj: Any) -> str:
        return obj.village.name

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.code


class GroupIn(Schema):
    organization: str
    village_code: Annotated[str, Field(min_length=1, max_length=12)]
    name: Annotated[str, Field(min_length=1, max_length=60)]
    households: Annotated[int, Field(ge=0, le=1_000_000)]
    population: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    poor_households: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    poor_population: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    longitude: Longitude | None = None
    latitude: Latitude | None = None


class GroupFilters(Schema):
    county: str | None = None
    village: str | None = None
    eligible: bool | None = None


@router.get("/groups", response=list[GroupOut], summary="Village groups (村民组)")
@paginate(Pagination)
def group_list(request: HttpRequest, filters: Query[GroupFilters]) -> Any:
    require(request.user, Action.ROADS_VIEW)
    groups = selectors.group_list(user=request.user)
    if filters.county:
        groups = groups.filter(county__code=filters.county)
    if filters.village:
        groups = groups.filter(village__code=filters.village)
    if filters.eligible is not None:
        threshold = settings.ROADS_ELIGIBLE_HOUSEHOLDS
        groups = (
            groups.filter(households__gte=threshold)
            if filters.eligible
            else groups.filter(households__lt=threshold)
        )
    return groups


@router.post("/groups", response={201: GroupOut}, summary="Add a village group under a village")
def group_create(request: HttpRequest, payload: GroupIn) -> Any:
    data = payload.dict()
    org = organization_get(request.user, data.pop("organization"))
    require(request.user, Action.ROADS_MANAGE, org)
    village = _division(data.pop("village_code"), "village", "village_code")
    group = services.group_create(actor=request.user, organization=org, village=village, data=data)
    return Status(201, selectors.group_get(user=request.user, pk=group.pk))


# --- targets --------------------------------------------------------------------------------


class TargetOut(_OwnedInCounty):
    id: int
    year: int
    groups: int
    km: Decimal
    investment: Decimal


class TargetIn(Schema):
    organization: str
    county: str
    year: Year
    groups: Annotated[int, Field(ge=0, le=1_000_000)]
    km: Km
    investment: Yuan = Decimal("0")


@router.get("/targets", response=list[TargetOut], summary="Yearly program targets per county")
@paginate(Pagination)
def target_list(request: HttpRequest, year: Year | None = None, county: str | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    targets = selectors.target_list(user=request.user)
    if year:
        targets = targets.filter(year=year)
    if county:
        targets = targets.filter(county__code=county)
    return targets


@router.post(
    "/targets", response={201: TargetOut}, summary="Add a county's yearly target (one per year)"
)
def target_create(request: HttpRequest, payload: TargetIn) -> Any:
    data = payload.dict()
    org = organization_get(request.user, data.pop("organization"))
    require(request.user, Action.ROADS_MANAGE, org)
    data["county"] = _division(data["county"], "county", "county")
    target = services.target_save(actor=request.user, organization=org, data=data)
    return Status(201, selectors.target_get(user=request.user, pk=target.pk))
