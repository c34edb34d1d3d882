import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.meetings import selectors
from branchwork.organizations.selectors import organization_get

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
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
    year: int | None = None
    kind: str | None = None
    state: str | None = None


@router.get("", response=list[MeetingOut], summary="Meetings of an organization and below")
@paginate(PageNumberPagination)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    org = organization_get(request.user, filters.org)
    require(request.user, Action.MEETING_VIEW, org)
    meetings = selectors.meeting_list(request.user, org)
    if filters.year:
        meetings = meetings.filter(date__year=filters.year)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.state:
        meetings = meetings.filter(state=filters.state)
    return meetings


@router.get("/{meeting_id}", response=MeetingOut, summary="One meeting")
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.meeting_list(
        request.user, selectors.meeting_get(request.user, meeting_id).organization
    ).get(pk=meeting_id)


@router.get(
    "/compliance/{code}/{year}",
    response=list[VerdictOut],
    summary="Compliance of every branch and party group under an organization",
)
def compliance(request: HttpRequest, code: str, year: int) -> Any:
    if not 2000 <= year <= 2100:
        raise HttpError(422, "The year must be between 2000 and 2100.")
    org = organization_get(request.user, code)
    require(request.user, Action.MEETING_VIEW, org)
    return [
        {
            "org": e.org.code,
            "rule": v.kind,
            "required": v.required,
            "held": v.held,
            "status": v.status,
            "reason": v.reason,
        }
        for e in selectors.compliance_rollup(org, year)
        for v in e.verdicts
    ]
