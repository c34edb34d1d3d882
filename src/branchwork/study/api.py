"""Study over the API: the ledger's records (read and add) and progress against the yearly
requirement, scoped like the pages (study.view / study.manage), and the member's own."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from branchwork.core.api import DecimalText, KeptDate, Pagination, Year
from branchwork.core.dates import YEAR_MAX, YEAR_MIN, year_ok
from branchwork.core.roles import Action
from branchwork.organizations.selectors import organization_get
from branchwork.study import rules, selectors, services
from branchwork.study.filters import StudyRecordFilter

router = Router(tags=["study"])


class RecordOut(Schema):
    id: int
    member_id: int
    member: str
    date: dt.date
    topic: str
    form: str
    hours: Decimal
    organizer: str
    session_id: int | None
    source_key: str

    @staticmethod
    def resolve_member(obj: Any) -> str:
        return obj.member.name


# Hours, half days or days as entered (rules.to_hours converts them); at most 200 hours.
Quantity = Annotated[Decimal, Field(gt=0, max_digits=4, decimal_places=1), DecimalText()]


class RecordIn(Schema):
    member_id: int
    date: KeptDate
    topic: str
    form: str
    quantity: Quantity
    unit: str = rules.Unit.CLASS_HOUR
    organizer: str = ""
    note: str = ""


class RecordFilters(Schema):
    org: str
    year: Year | None = None
    form: str | None = None
    member: int | None = None
    q: str | None = None


class StudyProgressOut(Schema):
    member_id: int
    member: str
    year: int
    required: Decimal
    done: Decimal
    centralised_needed: bool
    centralised_done: bool
    status: str
    warn: bool
    reason: str


class StudySummaryOut(Schema):
    year: int
    counted: int
    met: int
    behind: int
    total_hours: Decimal


def _year(year: int | None) -> int:
    year = year or timezone.localdate().year
    if not year_ok(year):
        raise HttpError(422, f"The year must be between {YEAR_MIN} and {YEAR_MAX}.")
    return year


def _progress(row: Any, year: int) -> dict[str, Any]:
    p = row.progress
    return {
        "member_id": row.member.pk,
        "member": row.member.name,
        "year": year,
        "required": p.required,
        "done": p.done,
        "centralised_needed": p.centralised_needed,
        "centralised_done": p.centralised_done,
        "status": p.status,
        "warn": p.warn,
        "reason": p.reason,
    }


@router.get(
    "/records", response=list[RecordOut], summary="Study records of an organization and below"
)
@paginate(Pagination)
def record_list(request: HttpRequest, filters: Query[RecordFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    from branchwork.core.scoping import require

    require(request.user, Action.STUDY_VIEW, org)
    filterset = StudyRecordFilter(
        data, queryset=selectors.record_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.post("/records", response={201: RecordOut}, summary="Record a member's study")
def record_create(request: HttpRequest, payload: RecordIn) -> Any:
    member = selectors.member_for_study(
        user=request.user, pk=payload.member_id, action=Action.STUDY_MANAGE
    )
    if payload.form not in rules.Form.values:
        raise ValidationError({"form": [f"One of {', '.join(rules.Form.values)}."]})
    try:
        hours = rules.to_hours(
            payload.quantity, payload.unit, selectors.study_settings().unit_hours
        )
    except ValueError as exc:
        raise ValidationError({"unit": [str(exc)]}) from None
    record = services.record_save(
        actor=request.user,
        member=member,
        data={
            "date": payload.date,
            "topic": payload.topic,
            "form": payload.form,
            "hours": hours,
            "organizer": payload.organizer,
            "note": payload.note,
        },
    )
    return Status(201, record)


@router.get("/progress", response=list[StudyProgressOut], summary="Each member's study progress")
def progress(request: HttpRequest, org: str, year: Year | None = None) -> Any:
    year = _year(year)
    organization = organization_get(request.user, org)
    rows = selectors.progress_list(user=request.user, organization=organization, year=year)
    return [_progress(r, year) for r in rows]


@router.get("/progress/summary", response=StudySummaryOut, summary="Members counted, met, behind")
def progress_summary(request: HttpRequest, org: str, year: Year | None = None) -> Any:
    organization = organization_get(request.user, org)
    return selectors.progress_summary(
        user=request.user, organization=organization, year=_year(year)
    )


@router.get("/me", response=StudyProgressOut, summary="The signed-in member's own study progress")
def my_progress(request: HttpRequest, year: Year | None = None) -> Any:
    year = _year(year)
    row = selectors.my_progress(user=request.user, year=year)
    if row is None:
        raise HttpError(404, "Your account is not linked to a member on the roll.")
    return _progress(row, year)
