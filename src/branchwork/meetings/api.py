import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from branchwork.core.api import Pagination, Year
from branchwork.core.dates import YEAR_MAX, YEAR_MIN, year_ok
from branchwork.meetings import selectors
from branchwork.meetings.filters import MeetingFilter
from branchwork.organizations.selectors import organization_get

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    version: int
    organization: str
    kind: str
    also_counts_as: str
    state: str
    date: dt.date
    place: str
    topic: str
    host: str
    recorder: str
    present: int
    expected: int

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code


class VerdictOut(Schema):
    org: str
    rule: str
    required: int
    held: int
    status: str
    reason: str


class MeetingFilters(Schema):
    org: str
    year: Year | None = None
    kind: str | None = None
    state: str | None = None


@router.get("", response=list[MeetingOut], summary="Meetings of an organization and below")
@paginate(Pagination)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    filterset = MeetingFilter(
        data, queryset=selectors.meeting_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/{meeting_id}", response=MeetingOut, summary="One meeting")
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.meeting_get(user=request.user, pk=meeting_id)


@router.get(
    "/compliance/{code}/{year}",
    response=list[VerdictOut],
    summary="Compliance of every branch and party group under an organization",
)
def compliance(request: HttpRequest, code: str, year: Year) -> Any:
    if not year_ok(year):
        raise HttpError(422, f"The year must be between {YEAR_MIN} and {YEAR_MAX}.")
    org = organization_get(request.user, code)
    return [
        {
            "org": e.org.code,
            "rule": v.kind,
            "required": v.required,
            "held": v.held,
            "status": v.status,
            "reason": v.reason,
        }
        for e in selectors.compliance_rollup(user=request.user, organization=org, year=year)
        for v in e.verdicts
    ]
