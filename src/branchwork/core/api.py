import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.parser import Parser
from ninja.types import DictStrAny
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from branchwork.core import selectors
from branchwork.core.dates import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, date_kept, outside_message
from branchwork.core.filters import AuditEventFilter
from branchwork.core.roles import Action
from branchwork.core.scoping import require

router = Router(tags=["activity"])


class DecimalText:
    """Marks a Decimal input so the schema documents exactly the text it accepts: a string
    whose pattern follows the field's own ``max_digits``, ``decimal_places`` and lower bound
    (``ge=0`` or ``gt=0``), not pydantic's "any number or any string". Clients may still send
    JSON numbers. Bounds the pattern cannot follow (``le``, other lower bounds) need an
    explicit ``pattern``; schema generation refuses the field without one."""

    def __init__(self, pattern: str | None = None) -> None:
        self.pattern = pattern

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        pattern = self.pattern or decimal_pattern(core_schema)
        return {"type": "string", "pattern": pattern}


def decimal_pattern(constraints: dict[str, Any]) -> str:
    """The regular expression of the decimal text a field with these pydantic constraints
    (``max_digits``, ``decimal_places``, ``ge``/``gt``) accepts, e.g. ``max_digits=5,
    decimal_places=2, gt=0`` → ``^(?:[1-9]\\d{0,2}(?:\\.\\d{1,2})?|0\\.\\d{0,1}[1-9])$``.
    Raises ValueError for a bound it cannot express."""
    places = constraints.get("decimal_places")
    digits = constraints.get("max_digits")
    ge, gt = constraints.get("ge"), constraints.get("gt")
    if any(k in constraints for k in ("le", "lt")) or (ge not in (None, 0) or gt not in (None, 0)):
        raise ValueError(f"give DecimalText(pattern=...) for the bounds {constraints}")
    whole = (digits - (places or 0)) if digits else 15
    fraction = "" if places == 0 else (rf"(?:\.\d{{1,{places}}})?" if places else r"(?:\.\d+)?")
    sign = "" if ge is not None or gt is not None else "-?"
    if gt is not None:  # zero itself is refused
        small = rf"|0\.\d{{0,{places - 1}}}[1-9]" if places else ""
        return rf"^{sign}(?:[1-9]\d{{0,{whole - 1}}}{fraction}{small})$"
    return rf"^{sign}(?:0|[1-9]\d{{0,{whole - 1}}}){fraction}$"


# The decimal inputs of the API, declared once (units in the name).
Yuan = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2), DecimalText()]
Km = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=3), DecimalText()]
PositiveKm = Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=3), DecimalText()]
Metres = Annotated[Decimal, Field(gt=0, max_digits=5, decimal_places=2), DecimalText()]
Centimetres = Annotated[Decimal, Field(gt=0, max_digits=4, decimal_places=1), DecimalText()]
Longitude = Annotated[
    Decimal,
    Field(ge=-180, le=180, decimal_places=6),
    DecimalText(r"^-?(?:(?:1[0-7]\d|\d{1,2})(?:\.\d{1,6})?|180(?:\.0{1,6})?)$"),
]
Latitude = Annotated[
    Decimal,
    Field(ge=-90, le=90, decimal_places=6),
    DecimalText(r"^-?(?:(?:[1-8]\d|\d)(?:\.\d{1,6})?|90(?:\.0{1,6})?)$"),
]


class NamedChoices:
    """Documents a choices enum inline under its own ``name`` (``Annotated[rules.Status,
    NamedChoices("MemberStatus", rules.Status)]``): django-ninja files enums by class name in
    one components table, and several models call theirs ``Status``."""

    def __init__(self, name: str, choices: Any) -> None:
        self.name = name
        self.values = [str(choice.value) for choice in choices]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"title": self.name, "type": "string", "enum": self.values}


# A calendar year Branchwork keeps (core.dates).
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


def _kept_date(value: Any) -> Any:
    """Refuse a date or datetime outside ``core.dates.DATE_MIN``-``DATE_MAX`` (a 422 naming the
    field) before the endpoint runs: no service does arithmetic on year 1 or 9999."""
    if not date_kept(value):
        raise PydanticCustomError("date_range", outside_message(value))
    return value


class KeptRange:
    """Documents the kept range on a date input (JSON Schema cannot bound a date string)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = dict(handler(core_schema))
        schema.setdefault("description", f"From {DATE_MIN} to {DATE_MAX}.")
        return schema


# Every date and date-time an API input takes (bodies, query strings, forms).
KeptDate = Annotated[dt.date, AfterValidator(_kept_date), KeptRange()]
KeptDateTime = Annotated[dt.datetime, AfterValidator(_kept_date), KeptRange()]


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

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        """Form fields (``Form(...)`` parameters) holding NUL are a 422 naming the field, as
        in a JSON body. (Query parameters are checked before any view, by
        ``core.middleware.RequestLimitsMiddleware``; uploaded files are not text.)"""
        if data is request.POST:
            errors = [
                {"loc": ("form", key), "msg": "Text may not contain NUL characters."}
                for key, values in data.lists()
                if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values)
            ]
            if errors:
                raise ValidationError(errors)
        return super().parse_querydict(data, list_fields, request)


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


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor_name: str
    kind: str
    model: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    note: str
    note_display: str = Field(
        "", description="The note in the request's language (core.translate), for display."
    )

    @staticmethod
    def resolve_note_display(obj: Any) -> str:
        from branchwork.core.translate import translate_text

        return translate_text(obj.note)


class AuditEventFilters(FilterSchema):
    q: str | None = None
    kind: str | None = None
    actor: str | None = None
    since: KeptDate | None = None
    until: KeptDate | None = None


@router.get("/activity", response=list[AuditEventOut], summary="Activity log (administrators)")
@paginate(Pagination)
def activity(request: HttpRequest, filters: Query[AuditEventFilters]) -> Any:
    require(request.user, Action.AUDIT_VIEW)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return AuditEventFilter(data, queryset=selectors.activity_visible(request.user)).qs
