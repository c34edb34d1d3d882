import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from branchwork.core.api import Pagination
from branchwork.development import selectors
from branchwork.development.filters import PersonFilter
from branchwork.organizations.selectors import organization_get

router = Router(tags=["development"])


class NextStepOut(Schema):
    number: int
    label: str
    earliest: dt.date | None
    latest: dt.date | None
    source: str


class PersonOut(Schema):
    id: int
    organization: str
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    phone: str
    work_unit: str
    stage: str
    status: str
    probation_extension_months: int
    member_id: int | None
    next_step: NextStepOut | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_id_number(obj: Any) -> str:
        # Masked in the API: the full number is personal data (member.view_personal on the
        # page, never in bulk).
        return obj.id_number_masked

    @staticmethod
    def resolve_phone(obj: Any) -> str:
        return obj.phone_masked

    @staticmethod
    def resolve_next_step(obj: Any) -> Any:
        step = selectors.next_step_of(obj)
        if step is None:
            return None
        return {
            "number": step.number,
            "label": step.label,
            "earliest": step.earliest,
            "latest": step.latest,
            "source": step.source,
        }


class StepOut(Schema):
    id: int
    number: int | None
    outcome: str
    label: str
    date: dt.date
    decided_by: str
    vote_verdict: str
    training_days: int
    training_hours: int
    extension_months: int
    note: str
    documents: list[str]

    @staticmethod
    def resolve_vote_verdict(obj: Any) -> str:
        return obj.vote.verdict if obj.vote_id else ""

    @staticmethod
    def resolve_documents(obj: Any) -> list[str]:
        return [f"{d.kind}: {d.name}" for d in obj.documents.all()]


class PersonFilters(Schema):
    org: str
    stage: str | None = None
    status: str | None = None
    q: str | None = None
    applied_year: int | None = None


@router.get("", response=list[PersonOut], summary="People in the development pipeline")
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    filterset = PersonFilter(
        data, queryset=selectors.person_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/{person_id}", response=PersonOut, summary="One person in the pipeline")
def person_detail(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(user=request.user, pk=person_id)


@router.get("/{person_id}/steps", response=list[StepOut], summary="A person's recorded steps")
def person_steps(request: HttpRequest, person_id: int) -> Any:
    person = selectors.person_get(user=request.user, pk=person_id)
    return list(person.steps.select_related("vote").prefetch_related("documents"))


@router.get("/counts/{code}", response=dict[str, int], summary="People per stage")
def counts(request: HttpRequest, code: str) -> Any:
    org = organization_get(request.user, code)
    return selectors.pipeline_counts(user=request.user, organization=org)
