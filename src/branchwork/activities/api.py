"""Activities, sign-up and check-in, mass organizations, hours and (care.view only) caring
visits and the caring fund."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.activities import selectors, services
from branchwork.activities.filters import ActivityFilter, CaringVisitFilter
from branchwork.activities.models import Staff
from branchwork.core.api import Pagination, Year
from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped
from branchwork.members.models import Member
from branchwork.members.selectors import member_of_user
from branchwork.organizations.selectors import organization_get

router = Router(tags=["activities"])


def _filtered(filterset_class: Any, data: dict[str, Any], queryset: Any) -> Any:
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


class ActivityOut(Schema):
    id: int
    organization: str
    organized_by: str
    name: str
    kind: str
    series: str
    campaign: str
    state: str
    date: dt.date
    start_time: dt.time | None
    place: str
    hours: Decimal
    counts_as_study: bool
    signup_open: bool
    capacity: int | None
    signed_up: int
    checked_in: int
    description: str
    outcome: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_organized_by(obj: Any) -> str:
        return obj.organizer_name


class ParticipantOut(Schema):
    id: int
    name: str
    party_member: bool
    member_id: int | None
    staff_id: int | None
    signed_up_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    hours: Decimal | None

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.person)

    @staticmethod
    def resolve_party_member(obj: Any) -> bool:
        return obj.is_member


class ActivityFilters(Schema):
    org: str
    year: Year | None = None
    kind: str | None = None
    series: str | None = None
    state: str | None = None
    study: bool | None = None


class VisitOut(Schema):
    id: int
    organization: str
    category: str
    visited_name: str
    circumstances: str
    date: dt.date
    visitors: str
    money: Decimal
    goods: str
    follow_up: str
    follow_up_done: bool

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code


class VisitFilters(Schema):
    org: str
    year: Year | None = None
    category: str | None = None


class FundRowOut(Schema):
    id: int
    date: dt.date
    kind: str
    amount: Decimal
    description: str
    visit_id: int | None
    balance: Decimal


class FundOut(Schema):
    income: Decimal
    spending: Decimal
    balance: Decimal
    reconciles: bool
    problems: list[str]
    rows: list[FundRowOut]


class HoursOut(Schema):
    name: str
    party_member: bool
    member_id: int | None
    staff_id: int | None
    study: Decimal
    volunteer: Decimal
    total: Decimal
    activities: int


class HoursQuery(Schema):
    org: str
    year: Year


class PersonIn(Schema):
    member_id: int | None = None
    staff_id: int | None = None
    checked_in: bool = False


# Care routes first: their paths must not be read as an activity id.
@router.get("/care/visits", response=list[VisitOut], summary="Caring visits (care.view only)")
@paginate(Pagination)
def visit_list(request: HttpRequest, filters: Query[VisitFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    return _filtered(
        CaringVisitFilter, data, selectors.caring_visit_list(user=request.user, organization=org)
    )


@router.get("/care/fund", response=FundOut, summary="The caring fund and its reconciliation")
def fund(request: HttpRequest, org: str) -> Any:
    organization = organization_get(request.user, org)
    ledger = selectors.fund_ledger(user=request.user, organization=organization)
    check = ledger.reconciliation
    assert check is not None
    return {
        "income": check.income,
        "spending": check.spending,
        "balance": check.balance,
        "reconciles": check.ok,
        "problems": check.problems,
        "rows": [
            {
                "id": row.pk,
                "date": row.date,
                "kind": row.kind,
                "amount": row.amount,
                "description": row.description,
                "visit_id": row.visit_id,
                "balance": balance,
            }
            for row, balance in ledger.rows
        ],
    }


@router.get("/hours", response=list[HoursOut], summary="Study, volunteer and all hours per person")
def hours(request: HttpRequest, params: Query[HoursQuery]) -> Any:
    org = organization_get(request.user, params.org)
    return [
        {**vars(r), "party_member": r.is_member}
        for r in selectors.hours_by_person(user=request.user, organization=org, year=params.year)
    ]


@router.get("", response=list[ActivityOut], summary="Activities of an organization and below")
@paginate(Pagination)
def activity_list(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    return _filtered(
        ActivityFilter, data, selectors.activity_list(user=request.user, organization=org)
    )


@router.get("/{activity_id}", response=ActivityOut, summary="One activity")
def activity_detail(request: HttpRequest, activity_id: int) -> Any:
    return selectors.activity_get(user=request.user, pk=activity_id)


@router.get("/{activity_id}/participants", response=list[ParticipantOut], summary="Who signed up")
def participant_list(request: HttpRequest, activity_id: int) -> Any:
    return selectors.participants_of(selectors.activity_get(user=request.user, pk=activity_id))


def _my_member(request: HttpRequest) -> Member:
    member = member_of_user(request.user)
    if member is None:
        raise ValidationError({"__all__": ["Your account is not linked to a member record."]})
    return member


@router.post("/{activity_id}/sign-up", response={201: ParticipantOut}, summary="Sign yourself up")
def sign_up(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    return Status(
        201,
        services.activity_sign_up(
            actor=request.user, activity=activity, member=_my_member(request)
        ),
    )


@router.post(
    "/{activity_id}/check-in",
    response=ParticipantOut,
    summary="Check yourself in (on the activity's day)",
)
def check_in(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    return services.activity_check_in_self(
        actor=request.user, activity=activity, member=_my_member(request)
    )


@router.post(
    "/{activity_id}/participants",
    response={201: ParticipantOut},
    summary="Add a member or staff member (organizers), checked in if asked",
)
def participant_add(request: HttpRequest, activity_id: int, payload: PersonIn) -> Any:
    activity = selectors.activity_get(
        user=request.user, pk=activity_id, action=Action.ACTIVITIES_MANAGE
    )
    members, staff = selectors.people_choices(user=request.user, organization=activity.organization)
    member = (
        get_scoped(members, request.user, Action.ACTIVITIES_MANAGE, pk=payload.member_id)
        if payload.member_id
        else None
    )
    person: Staff | None = (
        get_scoped(staff, request.user, Action.ACTIVITIES_MANAGE, pk=payload.staff_id)
        if payload.staff_id
        else None
    )
    return Status(
        201,
        services.participant_add(
            actor=request.user,
            activity=activity,
            member=member,
            staff=person,
            checked_in=payload.checked_in,
        ),
    )
