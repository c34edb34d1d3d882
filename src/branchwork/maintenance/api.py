"""Maintenance API: inventory, surveys (import as multipart), condition summary, patrols,
work orders and condition profiles. Every read is scoped; writes need roads.manage on the
record's organization (profiles: roads.standards)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django_filters import FilterSet
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from branchwork.core.api import KeptDate, Metres, Pagination, Year, Yuan
from branchwork.core.audit import expect_version
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.core.uploads import check_size
from branchwork.maintenance import condition, selectors, services
from branchwork.maintenance.filters import (
    PatrolFilter,
    RouteFilter,
    SurveyFilter,
    WorkOrderFilter,
)
from branchwork.maintenance.profiles import coefficients
from branchwork.organizations.selectors import organization_get
from branchwork.roads.models import Division

router = Router(tags=["maintenance"])


class RouteOut(Schema):
    id: int
    version: int
    code: str
    name: str
    level: str
    grade: str
    pavement: str
    county: str
    start_stake: str
    end_stake: str
    length_km: float
    width_m: Decimal
    unit_length_m: int

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.code

    @staticmethod
    def resolve_grade(obj: Any) -> str:
        return obj.technical_grade  # the API keeps its key "grade": the technical grade


RoadClass = Literal[condition.ROAD_CLASSES]
Pavement = Literal[condition.PAVEMENTS]
LEVELS = Literal["G", "S", "X", "Y", "C", "Z"]
STATUSES = Literal["open", "raised", "assigned", "repaired", "verified"]


class RouteIn(Schema):
    org: str
    code: str = Field(max_length=10)
    name: str = Field(max_length=200)
    grade: RoadClass
    pavement: Pavement
    start_stake: str
    end_stake: str
    width_m: Metres
    # None: settings.MAINTENANCE_UNIT_LENGTH_M, as on the page.
    unit_length_m: int | None = None


class RoutePatch(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you read; a stale one is refused with 409"
    )
    name: str | None = Field(None, max_length=200)
    grade: RoadClass | None = None
    pavement: Pavement | None = None
    start_stake: str | None = None
    end_stake: str | None = None
    width_m: Metres | None = None
    unit_length_m: int | None = None


class UnitOut(Schema):
    id: int
    survey_id: int
    route: str
    year: int
    from_stake: str
    to_stake: str
    length_m: int
    pavement: str
    road_class: str
    iri: float | None
    rd_mm: float | None
    dr: float
    pci: float
    rqi: float | None
    rdi: float | None
    pqi: float
    mqi: float | None
    grade: str

    @staticmethod
    def resolve_route(obj: Any) -> str:
        return obj.route.code

    @staticmethod
    def resolve_grade(obj: Any) -> str:
        return obj.condition_grade  # the API keeps its key "grade": the condition grade


class SurveyOut(Schema):
    id: int
    organization: str
    year: int
    surveyed_on: dt.date
    source_name: str
    note: str
    profile: str
    units: int

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_profile(obj: Any) -> str:
        return str(obj.profile)

    @staticmethod
    def resolve_units(obj: Any) -> int:
        return getattr(obj, "unit_count", None) or obj.units.count()


class ConditionSummaryOut(Schema):
    year: int
    key: str
    label: str
    units: int
    length_km: float
    pqi: float | None
    pci: float | None
    mqi: float | None
    good_share: float | None
    poor_share: float | None


class PatrolIn(Schema):
    route_id: int
    patrolled_on: KeptDate
    inspector: str = Field(max_length=60)
    from_stake: str = Field("", max_length=20)
    to_stake: str = Field("", max_length=20)
    findings: str = Field(max_length=5000)


class PatrolOut(Schema):
    id: int
    route: str
    patrolled_on: dt.date
    inspector: str
    section: str
    findings: str
    photos: list[str]

    @staticmethod
    def resolve_route(obj: Any) -> str:
        return obj.route.code

    @staticmethod
    def resolve_photos(obj: Any) -> list[str]:
        return [reverse("maintenance:photo", args=[p.pk]) for p in obj.photos.all()]


class WorkOrderIn(Schema):
    route_id: int
    from_stake: str = Field(max_length=20)
    to_stake: str = Field(max_length=20)
    defect: str = Field(max_length=300)
    raised_on: KeptDate | None = None
    patrol_id: int | None = None
    survey_unit_id: int | None = None


class WorkOrderAdvanceIn(Schema):
    on: KeptDate | None = None
    assignee: str = Field("", max_length=100)
    repair: str = Field("", max_length=300)
    cost: Yuan | None = None
    verified_by: str = Field("", max_length=60)
    version: int | None = Field(
        None, ge=1, description="The version you read; a stale one is refused with 409"
    )


class WorkOrderOut(Schema):
    id: int
    version: int
    route: str
    section: str
    defect: str
    status: str
    raised_on: dt.date
    assignee: str
    assigned_on: dt.date | None
    repair: str
    cost: Decimal | None
    repaired_on: dt.date | None
    verified_by: str
    verified_on: dt.date | None
    patrol_id: int | None
    survey_unit_id: int | None

    @staticmethod
    def resolve_route(obj: Any) -> str:
        return obj.route.code


class CoefficientOut(Schema):
    path: str
    value: float
    status: str


class ProfileOut(Schema):
    id: int
    name: str
    version: int
    note: str
    coefficients: list[CoefficientOut]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.name

    @staticmethod
    def resolve_coefficients(obj: Any) -> list[dict[str, Any]]:
        return [{"path": p, "value": v, "status": s} for p, v, s in coefficients(obj.table)]


class ReviseIn(Schema):
    note: str = Field(max_length=300)
    values: dict[str, float] = {}
    statuses: dict[str, Literal["VERIFIED", "CORROBORATED", "UNVERIFIED"]] = {}


class ProfileYearIn(Schema):
    profile_id: int


class ProfileYearOut(Schema):
    year: int
    profile: str

    @staticmethod
    def resolve_profile(obj: Any) -> str:
        return str(obj.profile)


def _filtered(filterset: FilterSet) -> Any:
    """The FilterSet's queryset, or a 422 naming the parameters it rejected."""
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


def _query(**params: Any) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def _route_data(data: dict[str, Any]) -> dict[str, Any]:
    """API keys to the service's: ``grade`` is the route's technical grade."""
    if "grade" in data:
        data["technical_grade"] = data.pop("grade")
    return data


# --- Routes ---------------------------------------------------------------------------------


@router.get("/routes", response=list[RouteOut], summary="Routes in the inventory")
@paginate(Pagination)
def route_list(request: HttpRequest, level: LEVELS | None = None, q: str | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    return _filtered(
        RouteFilter(_query(level=level, q=q), queryset=selectors.route_list(user=request.user))
    )


@router.post("/routes", response={201: RouteOut}, summary="Add a route to the inventory")
def route_create(request: HttpRequest, payload: RouteIn) -> Any:
    org = organization_get(request.user, payload.org)
    require(request.user, Action.ROADS_MANAGE, org)
    data = _route_data(payload.dict(exclude={"org"}))
    if data["unit_length_m"] is None:
        data["unit_length_m"] = settings.MAINTENANCE_UNIT_LENGTH_M
    county = Division.objects.filter(level="county", code=payload.code[-6:]).first()
    if county is None:
        raise ValidationError({"code": ["The route code must end with a county's code."]})
    data["county"] = county
    return Status(201, services.route_save(actor=request.user, organization=org, data=data))


@router.get("/routes/{route_id}", response=RouteOut, summary="One route")
def route_detail(request: HttpRequest, route_id: int) -> Any:
    return selectors.route_get(user=request.user, pk=route_id)


@router.patch("/routes/{route_id}", response=RouteOut, summary="Change a route")
def route_update(request: HttpRequest, route_id: int, payload: RoutePatch) -> Any:
    route = selectors.route_get(user=request.user, pk=route_id, action=Action.ROADS_MANAGE)
    changes = payload.dict(exclude_unset=True)
    expect_version(route, changes.pop("version", None))
    data = _route_data({k: v for k, v in changes.items() if v is not None})
    return services.route_save(
        actor=request.user, organization=route.organization, data=data, route=route
    )


@router.get("/routes/{route_id}/units", response=list[UnitOut], summary="A route's surveyed units")
def route_units(request: HttpRequest, route_id: int, year: Year | None = None) -> Any:
    route = selectors.route_get(user=request.user, pk=route_id)
    units = (
        selectors.unit_list(user=request.user)
        .filter(route=route)
        .select_related("route")
        .order_by("year", "from_m")
    )
    return units.filter(year=year) if year else units


# --- Surveys and summaries ------------------------------------------------------------------


@router.get("/surveys", response=list[SurveyOut], summary="Stored distress surveys")
@paginate(Pagination)
def survey_list(request: HttpRequest, year: Year | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    return _filtered(
        SurveyFilter(_query(year=year), queryset=selectors.survey_list(user=request.user))
    )


@router.post(
    "/surveys",
    response={201: SurveyOut},
    summary="Import a survey sheet (multipart; all or nothing, errors by row and column)",
)
def survey_create(
    request: HttpRequest,
    org: Form[Annotated[str, Field(min_length=1)]],
    year: Form[Year],
    surveyed_on: Form[KeptDate],
    file: File[UploadedFile],
    profile: Form[str] = "",
    note: Form[str] = "",
) -> Any:
    organization = organization_get(request.user, org)
    require(request.user, Action.ROADS_MANAGE, organization)
    check_size(file.size)
    survey = services.survey_import(
        actor=request.user,
        user=request.user,
        organization=organization,
        year=year,
        surveyed_on=surveyed_on,
        name=file.name or "survey.csv",
        data=file.read(),
        profile=selectors.profile_named(profile) if profile else None,
        note=note,
    )
    return Status(201, survey)


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="One survey")
def survey_detail(request: HttpRequest, survey_id: int) -> Any:
    return selectors.survey_get(user=request.user, pk=survey_id)


@router.get("/surveys/{survey_id}/units", response=list[UnitOut], summary="A survey's units")
@paginate(Pagination)
def survey_units(request: HttpRequest, survey_id: int) -> Any:
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    return selectors.survey_units(user=request.user, survey=survey)


@router.delete("/surveys/{survey_id}", response={204: None}, summary="Delete a survey")
def survey_delete(request: HttpRequest, survey_id: int) -> Any:
    survey = selectors.survey_get(user=request.user, pk=survey_id, action=Action.ROADS_MANAGE)
    services.survey_delete(actor=request.user, survey=survey)
    return Status(204, None)


@router.get(
    "/summary",
    response=list[ConditionSummaryOut],
    summary="Network condition, length-weighted (优良路率, 次差路率)",
)
def summary(
    request: HttpRequest,
    by: Literal["year", "county", "route"] = "county",
    year: Year | None = None,
) -> Any:
    require(request.user, Action.ROADS_VIEW)
    return selectors.network_summary(user=request.user, by=by, year=year)


# --- Patrols --------------------------------------------------------------------------------


@router.get("/patrols", response=list[PatrolOut], summary="Patrol inspections")
@paginate(Pagination)
def patrol_list(request: HttpRequest, route_id: int | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    patrols = selectors.patrol_list(user=request.user).prefetch_related("photos")
    return _filtered(PatrolFilter(_query(route=route_id), queryset=patrols))


@router.post("/patrols", response={201: PatrolOut}, summary="Record a patrol")
def patrol_create(request: HttpRequest, payload: PatrolIn) -> Any:
    route = selectors.route_get(user=request.user, pk=payload.route_id, action=Action.ROADS_MANAGE)
    patrol = services.patrol_record(actor=request.user, route=route, data=payload.dict())
    return Status(201, patrol)


@router.get("/patrols/{patrol_id}", response=PatrolOut, summary="One patrol")
def patrol_detail(request: HttpRequest, patrol_id: int) -> Any:
    return selectors.patrol_get(user=request.user, pk=patrol_id)


@router.post(
    "/patrols/{patrol_id}/photos", response={201: PatrolOut}, summary="Add a photo to a patrol"
)
def patrol_photo(request: HttpRequest, patrol_id: int, file: File[UploadedFile]) -> Any:
    patrol = selectors.patrol_get(user=request.user, pk=patrol_id, action=Action.ROADS_MANAGE)
    services.photo_add(actor=request.user, patrol=patrol, upload=file)
    return Status(201, selectors.patrol_get(user=request.user, pk=patrol_id))


# --- Work orders ----------------------------------------------------------------------------


@router.get("/work-orders", response=list[WorkOrderOut], summary="Work orders")
@paginate(Pagination)
def work_order_list(request: HttpRequest, status: STATUSES | None = None) -> Any:
    require(request.user, Action.ROADS_VIEW)
    return _filtered(
        WorkOrderFilter(
            _query(status=status), queryset=selectors.work_order_list(user=request.user)
        )
    )


@router.post("/work-orders", response={201: WorkOrderOut}, summary="Raise a work order")
def work_order_create(request: HttpRequest, payload: WorkOrderIn) -> Any:
    route = selectors.route_get(user=request.user, pk=payload.route_id, action=Action.ROADS_MANAGE)
    data = payload.dict()
    if payload.patrol_id:
        # Attaching a patrol needs roads.manage on it, as on the page.
        data["patrol"] = selectors.patrol_get(
            user=request.user, pk=payload.patrol_id, action=Action.ROADS_MANAGE
        )
    if payload.survey_unit_id:
        data["survey_unit"] = selectors.unit_get(user=request.user, pk=payload.survey_unit_id)
    return Status(201, services.work_order_raise(actor=request.user, route=route, data=data))


@router.get("/work-orders/{order_id}", response=WorkOrderOut, summary="One work order")
def work_order_detail(request: HttpRequest, order_id: int) -> Any:
    return selectors.work_order_get(user=request.user, pk=order_id)


@router.post(
    "/work-orders/{order_id}/advance",
    response=WorkOrderOut,
    summary="Move a work order to its next status",
)
def work_order_advance(request: HttpRequest, order_id: int, payload: WorkOrderAdvanceIn) -> Any:
    order = selectors.work_order_get(user=request.user, pk=order_id, action=Action.ROADS_MANAGE)
    data = payload.dict()
    expect_version(order, data.pop("version", None))
    return services.work_order_advance(actor=request.user, order=order, data=data)


# --- Profiles -------------------------------------------------------------------------------


@router.get("/profiles", response=list[ProfileOut], summary="Condition profiles (all versions)")
def profile_list(request: HttpRequest) -> Any:
    return selectors.profile_list(user=request.user)


@router.get("/profiles/{profile_id}", response=ProfileOut, summary="One profile version")
def profile_detail(request: HttpRequest, profile_id: int) -> Any:
    return selectors.profile_get(user=request.user, pk=profile_id)


@router.post(
    "/profiles/{profile_id}/revise",
    response={201: ProfileOut},
    summary="Save the next version of a profile with some coefficients changed",
)
def profile_revise(request: HttpRequest, profile_id: int, payload: ReviseIn) -> Any:
    require(request.user, Action.ROADS_STANDARDS)
    base = selectors.profile_get(user=request.user, pk=profile_id)
    revised = services.profile_revise(
        actor=request.user,
        base=base,
        values=payload.values,
        statuses=payload.statuses,
        note=payload.note,
    )
    return Status(201, revised)


@router.get(
    "/profile-years", response=list[ProfileYearOut], summary="The profile of each evaluation year"
)
def profile_years(request: HttpRequest) -> Any:
    return selectors.profile_year_list(user=request.user)


@router.put(
    "/profile-years/{year}", response=ProfileYearOut, summary="Choose the profile of a year"
)
def profile_year(request: HttpRequest, year: Year, payload: ProfileYearIn) -> Any:
    require(request.user, Action.ROADS_STANDARDS)
    profile = selectors.profile_get(user=request.user, pk=payload.profile_id)
    return services.profile_assign(actor=request.user, year=year, profile=profile)
