import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.core.api import KeptDate, Pagination
from branchwork.core.audit import expect_version
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.organizations import selectors, services
from branchwork.organizations.filters import OrganizationFilter
from branchwork.organizations.rules import OrgType

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    code: str
    version: int
    name: str
    short_name: str
    org_type: str
    parent: str | None
    path: str
    depth: int
    host_unit: str
    founded_on: dt.date | None
    demonstration_since: dt.date | None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OrganizationCreateIn(Schema):
    code: str
    name: str
    org_type: OrgType
    short_name: str = ""
    host_unit: str = ""
    founded_on: KeptDate | None = None
    demonstration_since: KeptDate | None = None
    notes: str = ""


class OrganizationPatchIn(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you read; a stale one is refused with 409"
    )
    name: str | None = None
    short_name: str | None = None
    host_unit: str | None = None
    founded_on: KeptDate | None = None
    demonstration_since: KeptDate | None = None
    notes: str | None = None


class PostOut(Schema):
    post: str
    holder_name: str


class CommitteeOut(Schema):
    id: int
    elected_on: dt.date | None
    term_start: dt.date
    term_end: dt.date
    is_current: bool
    posts: list[PostOut]

    @staticmethod
    def resolve_is_current(obj: Any) -> bool:
        return obj.is_current()

    @staticmethod
    def resolve_posts(obj: Any) -> list[Any]:
        return list(obj.posts.all())


class OrganizationFilters(FilterSchema):
    q: str | None = None
    org_type: OrgType | None = None


@router.get("", response=list[OrganizationOut], summary="Organizations you can see")
@paginate(Pagination)
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return OrganizationFilter(data, queryset=selectors.organization_list(user=request.user)).qs


@router.get("/{code}", response=OrganizationOut, summary="One organization")
def organization_detail(request: HttpRequest, code: str) -> Any:
    return selectors.organization_get(request.user, code)


@router.post(
    "/{code}/children", response={201: OrganizationOut}, summary="Create an organization under one"
)
def organization_create(request: HttpRequest, code: str, payload: OrganizationCreateIn) -> Any:
    parent = selectors.organization_get(request.user, code)
    require(request.user, Action.ORG_MANAGE, parent)
    org = services.organization_create(actor=request.user, parent=parent, **payload.dict())
    return Status(201, org)


@router.patch("/{code}", response=OrganizationOut, summary="Change an organization")
def organization_update(request: HttpRequest, code: str, payload: OrganizationPatchIn) -> Any:
    org = selectors.organization_get(request.user, code)
    require(request.user, Action.ORG_MANAGE, org)
    changes = payload.dict(exclude_unset=True)
    expect_version(org, changes.pop("version", None))
    return services.organization_update(actor=request.user, organization=org, **changes)


@router.get("/{code}/committees", response=list[CommitteeOut], summary="Committees and terms")
def committee_list(request: HttpRequest, code: str) -> Any:
    org = selectors.organization_get(request.user, code)
    return list(selectors.committee_list(user=request.user, organization=org))
