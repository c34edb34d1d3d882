import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.parser import Parser
from ninja.types import DictStrAny

from branchwork.core import selectors
from branchwork.core.filters import AuditEventFilter
from branchwork.core.roles import Action
from branchwork.core.scoping import require

router = Router(tags=["activity"])


def _bad_text(value: Any, path: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Errors for text that cannot be stored: NUL characters and lone UTF-16 surrogates."""
    if isinstance(value, str):
        if "\x00" in value:
            return [{"loc": ("body", *path), "msg": "Text may not contain NUL characters."}]
        if any("\ud800" <= c <= "\udfff" for c in value):
            return [{"loc": ("body", *path), "msg": "Text may not contain lone surrogates."}]
        return []
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _bad_text(v, (*path, k))]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _bad_text(v, (*path, i))]
    return []


class JsonObjectParser(Parser):
    """Every JSON body of this API is an object: an array, a number or a string is a 422 (an
    array sent to a PATCH endpoint was taken as an empty change); text holding NUL or a lone
    surrogate, which no database column can store, is a 422 naming the field."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        try:
            data = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValidationError([{"loc": ("body",), "msg": f"Not valid JSON: {exc}"}]) from None
        if not isinstance(data, dict):
            raise ValidationError([{"loc": ("body",), "msg": "The body must be a JSON object."}])
        errors = _bad_text(data, ())
        if errors:
            raise ValidationError(errors)
        return data


# The highest page number a list accepts: far beyond any real list, well inside what a
# database OFFSET can hold (a huge page number overflowed the offset into a server error).
MAX_PAGE = 100_000


class Pagination(PageNumberPagination):
    """Page-number pagination for every API list: ``page`` from 1 to ``MAX_PAGE``,
    ``page_size`` from 1 to ``NINJA_PAGINATION_MAX_PER_PAGE_SIZE`` (values outside are a 422,
    not a silent cap); the default page size is the ``PAGE_SIZE`` setting."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE)


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
@paginate(Pagination)
def activity(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    require(request.user, Action.AUDIT_VIEW)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return AuditEventFilter(data, queryset=selectors.activity_visible(request.user)).qs
