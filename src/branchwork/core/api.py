import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from branchwork.core import selectors
from branchwork.core.filters import AuditEventFilter
from branchwork.core.roles import Action
from branchwork.core.scoping import require

router = Router(tags=["activity"])


class ActivityOut(Schema):
    id: int
    at: dt.datetime
    actor_name: str
    kind: str
    model: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    note: str


class ActivityFilters(FilterSchema):
    q: str | None = None
    kind: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("/activity", response=list[ActivityOut], summary="Activity log (administrators)")
@paginate(PageNumberPagination)
def activity(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    require(request.user, Action.AUDIT_VIEW)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return AuditEventFilter(data, queryset=selectors.activity_visible(request.user)).qs
