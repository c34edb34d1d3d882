import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from branchwork.core.api import Pagination, Year
from branchwork.core.dates import YEAR_MAX, YEAR_MIN, year_ok
from branchwork.organizations.selectors import organization_get
from branchwork.regulations import selectors, services
from branchwork.regulations.filters import RegulationFilter

router = Router(tags=["regulations"])


class VersionOut(Schema):
    id: int
    regulation: int
    number: int
    state: str
    body: str
    change_note: str
    adopted_by: int | None
    adopted_on: dt.date | None
    effective_on: dt.date | None
    superseded_on: dt.date | None

    @staticmethod
    def resolve_regulation(obj: Any) -> int:
        return obj.regulation_id

    @staticmethod
    def resolve_adopted_by(obj: Any) -> int | None:
        return obj.adopted_by_id


class RegulationOut(Schema):
    id: int
    organization: str
    title: str
    category: str
    issued_by: str
    based_on: str
    in_force: int | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_in_force(obj: Any) -> int | None:
        versions = getattr(obj, "in_force", None)
        if versions is None:
            versions = [v for v in obj.versions.all() if v.state == "adopted"]
        return versions[0].pk if versions else None


class AcknowledgmentOut(Schema):
    version: int
    member: int
    member_name: str
    at: dt.datetime

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return obj.version_id

    @staticmethod
    def resolve_member(obj: Any) -> int:
        return obj.member_id

    @staticmethod
    def resolve_member_name(obj: Any) -> str:
        return obj.member.name


class RateOut(Schema):
    adopted_versions: int
    due: int
    done: int
    rate: Decimal | None


class RegulationFilters(Schema):
    org: str
    q: str | None = None
    category: str | None = None


@router.get("", response=list[RegulationOut], summary="Rules of an organization and below")
@paginate(Pagination)
def regulation_list(request: HttpRequest, filters: Query[RegulationFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    filterset = RegulationFilter(
        data, queryset=selectors.regulation_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/rate/{code}/{year}", response=RateOut, summary="Acknowledgment rate of a year")
def acknowledgment_rate(request: HttpRequest, code: str, year: Year) -> Any:
    if not year_ok(year):
        raise HttpError(422, f"The year must be between {YEAR_MIN} and {YEAR_MAX}.")
    org = organization_get(request.user, code)
    result = selectors.acknowledgment_rate(user=request.user, organization=org, year=year)
    return {
        "adopted_versions": result.adopted_versions,
        "due": result.due,
        "done": result.done,
        "rate": result.rate,
    }


@router.get("/{regulation_id}", response=RegulationOut, summary="One rule")
def regulation_detail(request: HttpRequest, regulation_id: int) -> Any:
    return selectors.regulation_get(user=request.user, pk=regulation_id)


@router.get("/{regulation_id}/versions", response=list[VersionOut], summary="A rule's versions")
def version_list(request: HttpRequest, regulation_id: int) -> Any:
    regulation = selectors.regulation_get(user=request.user, pk=regulation_id)
    return list(selectors.version_list(user=request.user, regulation=regulation))


@router.get("/versions/{version_id}", response=VersionOut, summary="One version of a rule")
def version_detail(request: HttpRequest, version_id: int) -> Any:
    return selectors.version_get(user=request.user, pk=version_id)


@router.get(
    "/versions/{version_id}/acknowledgments",
    response=list[AcknowledgmentOut],
    summary="Who has acknowledged a version",
)
def acknowledgment_list(request: HttpRequest, version_id: int) -> Any:
    version = selectors.version_get(user=request.user, pk=version_id)
    return list(selectors.acknowledgment_list(user=request.user, version=version))


@router.post(
    "/versions/{version_id}/acknowledgment",
    response={201: AcknowledgmentOut},
    summary="Acknowledge reading a version (the signed-in member)",
)
def acknowledge(request: HttpRequest, version_id: int) -> Any:
    version = selectors.version_get(user=request.user, pk=version_id)
    member = selectors.my_member(request.user)
    if member is None:
        raise HttpError(403, "Only members of the organization acknowledge its rules.")
    return Status(201, services.acknowledge(actor=request.user, version=version, member=member))
