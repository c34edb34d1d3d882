"""News items and their workflow over the API: the same services and scope as the pages."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.core.api import KeptDateTime, Pagination
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.organizations.selectors import organization_get
from branchwork.publicity import rules, selectors, services
from branchwork.publicity.filters import ItemFilter

router = Router(tags=["publicity"])


class ItemOut(Schema):
    id: int
    organization: str
    kind: str
    audience: str
    state: str
    live: bool
    title: str
    title_en: str
    summary: str
    summary_en: str
    body: str
    body_en: str
    author: str
    source: str
    source_url: str
    is_demo: bool
    openness_rule: str
    period_year: int | None
    publish_at: dt.datetime | None
    review_note: str
    withdrawal_reason: str
    related: list[int]

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_live(obj: Any) -> bool:
        return rules.is_live(obj.state, obj.publish_at, timezone.now())

    @staticmethod
    def resolve_related(obj: Any) -> list[int]:
        return [r.pk for r in obj.related.all()]


class ItemIn(Schema):
    org: str
    kind: str = rules.Kind.NEWS
    audience: str = rules.Audience.PUBLIC
    title: str
    title_en: str = ""
    summary: str = ""
    summary_en: str = ""
    body: str
    body_en: str = ""
    author: str = ""
    source: str = ""
    source_url: str = ""
    openness_rule: str = ""
    period_year: int | None = None


class ItemPatch(Schema):
    kind: str | None = None
    audience: str | None = None
    title: str | None = None
    title_en: str | None = None
    summary: str | None = None
    summary_en: str | None = None
    body: str | None = None
    body_en: str | None = None
    author: str | None = None
    source: str | None = None
    source_url: str | None = None
    openness_rule: str | None = None
    period_year: int | None = None


class ApproveIn(Schema):
    publish_at: KeptDateTime | None = None


class NoteIn(Schema):
    note: str


class ReasonIn(Schema):
    reason: str


class ItemFilters(Schema):
    org: str
    state: str | None = None
    kind: str | None = None


class OpennessOut(Schema):
    rule: str
    title: str
    year: int
    due: dt.date
    published: bool
    overdue: bool


def _item(request: HttpRequest, item_id: int, action: str = Action.PUBLICITY_DRAFT) -> Any:
    return selectors.item_get(user=request.user, pk=item_id, action=action)


@router.get("/items", response=list[ItemOut], summary="News items of an organization and below")
@paginate(Pagination)
def item_list(request: HttpRequest, filters: Query[ItemFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = organization_get(request.user, data.pop("org"))
    require(request.user, Action.PUBLICITY_DRAFT, org)
    filterset = ItemFilter(
        data,
        queryset=selectors.item_list(user=request.user, organization=org).prefetch_related(
            "related"
        ),
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.post("/items", response={201: ItemOut}, summary="Draft a news item")
def item_create(request: HttpRequest, payload: ItemIn) -> Any:
    data = payload.dict()
    org = organization_get(request.user, data.pop("org"))
    require(request.user, Action.PUBLICITY_DRAFT, org)
    return Status(201, services.item_save(actor=request.user, organization=org, data=data))


@router.get("/items/{item_id}", response=ItemOut, summary="One news item")
def item_detail(request: HttpRequest, item_id: int) -> Any:
    return _item(request, item_id)


@router.patch("/items/{item_id}", response=ItemOut, summary="Change a draft")
def item_update(request: HttpRequest, item_id: int, payload: ItemPatch) -> Any:
    item = _item(request, item_id)
    data = payload.dict(exclude_unset=True)
    return services.item_save(
        actor=request.user, organization=item.organization, data=data, item=item
    )


@router.post("/items/{item_id}/submit", response=ItemOut, summary="Send a draft for review")
def item_submit(request: HttpRequest, item_id: int) -> Any:
    return services.item_submit(actor=request.user, item=_item(request, item_id))


@router.post(
    "/items/{item_id}/approve", response=ItemOut, summary="Approve and publish (now or later)"
)
def item_approve(request: HttpRequest, item_id: int, payload: ApproveIn) -> Any:
    item = _item(request, item_id, Action.PUBLICITY_REVIEW)
    return services.item_approve(actor=request.user, item=item, publish_at=payload.publish_at)


@router.post("/items/{item_id}/send-back", response=ItemOut, summary="Send back to the drafter")
def item_send_back(request: HttpRequest, item_id: int, payload: NoteIn) -> Any:
    item = _item(request, item_id, Action.PUBLICITY_REVIEW)
    return services.item_send_back(actor=request.user, item=item, note=payload.note)


@router.post("/items/{item_id}/withdraw", response=ItemOut, summary="Withdraw (keeps the record)")
def item_withdraw(request: HttpRequest, item_id: int, payload: ReasonIn) -> Any:
    item = _item(request, item_id, Action.PUBLICITY_REVIEW)
    return services.item_withdraw(actor=request.user, item=item, reason=payload.reason)


@router.get(
    "/openness", response=list[OpennessOut], summary="The branch's party-affairs openness list"
)
def openness(request: HttpRequest, org: str) -> Any:
    organization = organization_get(request.user, org)
    rows = selectors.openness(
        user=request.user, organization=organization, today=timezone.localdate()
    )
    return [
        {
            "rule": v.rule.key,
            "title": str(v.rule.title),
            "year": v.year,
            "due": v.due,
            "published": v.published,
            "overdue": v.overdue,
        }
        for row in rows
        for v in row.verdicts
    ]
