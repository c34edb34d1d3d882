import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from branchwork.core.api import Pagination, Year
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.organizations.selectors import organization_get
from branchwork.standards import selectors
from branchwork.standards.filters import InspectionFilter

router = Router(tags=["standards"])


class RoundOut(Schema):
    id: int
    organization: str
    year: int
    template: str
    template_version: int
    verification: str
    opened_on: dt.date

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_template(obj: Any) -> str:
        return obj.template.name

    @staticmethod
    def resolve_template_version(obj: Any) -> int:
        return obj.template.version

    @staticmethod
    def resolve_verification(obj: Any) -> str:
        return obj.template.verification


class InspectionOut(Schema):
    id: int
    round: int
    year: int
    branch: str
    result: str
    result_on: dt.date | None
    total: Decimal | None
    signed_off: bool

    @staticmethod
    def resolve_round(obj: Any) -> int:
        return obj.round_id

    @staticmethod
    def resolve_year(obj: Any) -> int:
        return obj.round.year

    @staticmethod
    def resolve_branch(obj: Any) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_result(obj: Any) -> str:
        return obj.result if obj.signed_off else ""


class ScoreOut(Schema):
    item: str
    category: str
    title: str
    points: Decimal
    self_points: Decimal | None
    self_comment: str
    inspector_points: Decimal | None
    inspector_comment: str
    corrected: bool
    evidence_key: str


class OrgFilters(Schema):
    org: str


class InspectionFilters(Schema):
    org: str
    year: Year | None = None
    result: str | None = None


@router.get("/rounds", response=list[RoundOut], summary="Inspection rounds under an organization")
@paginate(Pagination)
def round_list(request: HttpRequest, filters: Query[OrgFilters]) -> Any:
    org = organization_get(request.user, filters.org)
    require(request.user, Action.STANDARDS_VIEW, org)
    return selectors.round_list(user=request.user, organization=org)


@router.get(
    "/inspections",
    response=list[InspectionOut],
    summary="Branch inspections and their results under an organization",
)
@paginate(Pagination)
def inspection_list(request: HttpRequest, filters: Query[InspectionFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    filterset = InspectionFilter(
        data, queryset=selectors.inspection_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get(
    "/inspections/{inspection_id}/scores",
    response=list[ScoreOut],
    summary="Every item of a branch inspection with both sides' points",
)
def inspection_scores(request: HttpRequest, inspection_id: int) -> Any:
    inspection = selectors.inspection_get(user=request.user, pk=inspection_id)
    sheet = selectors.inspection_sheet(user=request.user, inspection=inspection, live=False)
    return [
        {
            "item": r.item.key,
            "category": r.category,
            "title": r.item.title,
            "points": r.item.points,
            "self_points": r.own.points if r.own else None,
            "self_comment": r.own.comment if r.own else "",
            "inspector_points": r.effective,
            "inspector_comment": r.inspector.comment if r.inspector else "",
            "corrected": bool(r.corrections),
            "evidence_key": r.item.evidence_key,
        }
        for r in sheet.rows
    ]
