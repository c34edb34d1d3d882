"""Honors of organizations, their units, members and staff."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from branchwork.core.api import Pagination, Year
from branchwork.honors import selectors
from branchwork.honors.filters import HonorFilter
from branchwork.organizations.selectors import organization_get

router = Router(tags=["honors"])


class HonorOut(Schema):
    id: int
    organization: str
    recipient: str
    recipient_name: str
    member_id: int | None
    title: str
    level: str
    awarding_body: str
    year: int | None
    awarded_on: dt.date | None
    period: str
    recognised_work: str
    certificates: int

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_certificates(obj: Any) -> int:
        return len(obj.certificates.all())


class HonorFilters(Schema):
    org: str
    level: str | None = None
    year: Year | None = None
    recipient: str | None = None


class CountRow(Schema):
    level: str
    year: int | None
    count: int


@router.get("", response=list[HonorOut], summary="Honors of an organization and below")
@paginate(Pagination)
def honor_list(request: HttpRequest, filters: Query[HonorFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    filterset = HonorFilter(
        data, queryset=selectors.honor_list(user=request.user, organization=org)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/counts", response=list[CountRow], summary="Honors counted by level and year")
def honor_counts(request: HttpRequest, org: str) -> Any:
    organization = organization_get(request.user, org)
    years, table = selectors.counts(user=request.user, organization=organization)
    return [
        {"level": level, "year": year, "count": n}
        for level, per_year, _total in table
        for year, n in zip(years, per_year, strict=True)
        if n
    ]


@router.get("/{honor_id}", response=HonorOut, summary="One honor")
def honor_detail(request: HttpRequest, honor_id: int) -> Any:
    return selectors.honor_get(user=request.user, pk=honor_id)
