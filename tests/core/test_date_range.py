"""One range of dates, refused at the door (issue 13 §2): every date a form or the API takes is
checked against ``core.dates.DATE_MIN``-``DATE_MAX`` (1900-01-01 to 2100-12-31) as a field
error, before any service adds a year of probation, a month of dues or a meeting period to it
(``date + timedelta`` overflows on 9999-12-31; year 1 is a typing slip).

The first and last kept days are accepted, the day before and the day after are refused, on
the shared fields, on the forms of the apps that do date arithmetic (members' probation end,
meetings' periods, dues months, standards' deadlines) and on their API endpoints.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
from typing import Any

import pytest
from django import forms
from pydantic import TypeAdapter, ValidationError

from branchwork.core import forms as core_forms
from branchwork.core.api import KeptDate, KeptDateTime
from branchwork.core.dates import DATE_MAX, DATE_MIN
from tests.test_edit_forms import form_values

FIRST, LAST = DATE_MIN, DATE_MAX
BEFORE, AFTER = FIRST - dt.timedelta(days=1), LAST + dt.timedelta(days=1)
KEPT = [FIRST, LAST]
REFUSED = [BEFORE, AFTER, dt.date(1, 1, 1), dt.date(9999, 12, 31)]
OUTSIDE = "is outside the dates Branchwork keeps (1900-01-01 to 2100-12-31)."

APPS = [
    "accounts",
    "activities",
    "assistance",
    "development",
    "dues",
    "honors",
    "maintenance",
    "meetings",
    "members",
    "organizations",
    "publicity",
    "regulations",
    "roads",
    "standards",
    "study",
]


def test_kept_range_is_the_one_of_core_dates():
    assert (dt.date(1900, 1, 1), dt.date(2100, 12, 31)) == (FIRST, LAST)


# --- the shared pieces ----------------------------------------------------------------------


@pytest.mark.parametrize("day", KEPT, ids=str)
def test_the_form_fields_accept_the_first_and_last_kept_day(day):
    assert core_forms.DateField().clean(day.isoformat()) == day
    moment = core_forms.DateTimeField().clean(f"{day.isoformat()}T12:00")
    assert moment.date() == day


@pytest.mark.parametrize("day", REFUSED, ids=str)
def test_the_form_fields_refuse_the_day_before_and_after(day):
    with pytest.raises(forms.ValidationError) as date_error:
        core_forms.DateField().clean(day.isoformat())
    assert OUTSIDE in date_error.value.messages[0]
    with pytest.raises(forms.ValidationError) as time_error:
        core_forms.DateTimeField().clean(f"{day.isoformat()}T12:00")
    assert OUTSIDE in time_error.value.messages[0]


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2000-01", True), ("2100-12", True), ("1999-12", False), ("2101-01", False)],
)
def test_a_month_field_keeps_the_working_years(text, ok):
    field = core_forms.MonthField()
    if ok:
        assert field.clean(text) == dt.date.fromisoformat(f"{text}-01")
    else:
        with pytest.raises(forms.ValidationError, match="between 2000 and 2100"):
            field.clean(text)


@pytest.mark.parametrize("day", KEPT, ids=str)
def test_the_api_types_accept_the_first_and_last_kept_day(day):
    assert TypeAdapter(KeptDate).validate_python(day.isoformat()) == day
    moment = TypeAdapter(KeptDateTime).validate_python(f"{day.isoformat()}T12:00:00")
    assert moment.date() == day


@pytest.mark.parametrize("day", REFUSED, ids=str)
def test_the_api_types_refuse_the_day_before_and_after(day):
    with pytest.raises(ValidationError, match="outside the dates Branchwork keeps"):
        TypeAdapter(KeptDate).validate_python(day.isoformat())
    with pytest.raises(ValidationError, match="outside the dates Branchwork keeps"):
        TypeAdapter(KeptDateTime).validate_python(f"{day.isoformat()}T12:00:00")


# --- everywhere -----------------------------------------------------------------------------


def test_every_date_a_form_takes_goes_through_the_shared_fields():
    """Plain forms declare core.forms.DateField; model forms derive from core.forms.ModelForm,
    which maps the model's date fields to it. A forms.DateField anywhere else fails here."""
    kept = (core_forms.DateField, core_forms.DateTimeField, core_forms.MonthField)
    unchecked = []
    for app in APPS:
        module = importlib.import_module(f"branchwork.{app}.forms")
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and issubclass(cls, forms.BaseForm)):
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(
                    field, kept
                ):
                    unchecked.append(f"{app}.forms.{name}.{field_name}")
    assert unchecked == []


def _dates_in(schema: dict[str, Any], components: dict[str, Any], path: str, seen: set[str]):
    """(path, schema) of every date or date-time in a JSON schema, following $refs."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        yield from _dates_in(components[name], components, path, seen | {name})
        return
    if schema.get("format") in ("date", "date-time"):
        yield path, schema
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _dates_in(option, components, path, seen)
    for name, prop in schema.get("properties", {}).items():
        yield from _dates_in(prop, components, f"{path}.{name}", seen)
    if "items" in schema:
        yield from _dates_in(schema["items"], components, f"{path}[]", seen)


def test_every_date_the_api_takes_is_a_kept_date():
    """Every date in a request body or a query parameter is core.api.KeptDate (its schema
    documents the range), in every operation of the OpenAPI schema."""
    from branchwork.config.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found, unchecked = [], []
    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {url}"
            inputs = [
                (f"{where} ?{p['name']}", p.get("schema", {}))
                for p in operation.get("parameters", [])
            ]
            for kind, body in operation.get("requestBody", {}).get("content", {}).items():
                inputs.append((f"{where} {kind}", body.get("schema", {})))
            for name, part in inputs:
                for path, date in _dates_in(part, components, name, set()):
                    found.append(path)
                    if f"from {FIRST} to {LAST}." not in date.get("description", "").lower():
                        unchecked.append(path)
    assert len(found) > 25  # the walk reaches the request bodies
    assert unchecked == []


# --- the forms and endpoints of the apps that do arithmetic on dates -------------------------


def _field_errors(html: str) -> str:
    import re

    return " ".join(re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', html))


def _member():
    from branchwork.members.models import Member

    return Member.objects.filter(organization__code="tr-highway").order_by("pk").first()


def _meeting():
    from branchwork.meetings.models import Meeting

    return Meeting.objects.filter(organization__code="tr-highway", state="held").first()


def _edit_page(client, url: str, field: str, day: dt.date):
    data = form_values(client.get(url).content.decode())
    assert field in data, f"no {field} on {url}"
    data[field] = day.isoformat()
    return client.post(url, data)


PAGES = [
    # (what, persona, object, url, field): members' probation end is a year after admission;
    # a meeting's period (quarter, month) is worked out from its date.
    ("member admission", "secretary", _member, lambda o: f"/members/{o.pk}/edit/", "admitted_on"),
    ("meeting date", "secretary", _meeting, lambda o: f"/meetings/{o.pk}/edit/", "date"),
    ("dues paid on", "organizer", _member, lambda o: f"/dues/pay/{o.pk}/", "paid_on"),
]


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("day", REFUSED + KEPT, ids=str)
@pytest.mark.parametrize(
    ("what", "persona", "make", "url", "field"), PAGES, ids=[p[0] for p in PAGES]
)
def test_a_page_refuses_a_date_outside_the_range_as_a_field_error(
    as_persona, day, what, persona, make, url, field
):
    """Outside the range: the form again, with the error on the field. The first and last
    kept day are not refused for their range (the page's own rules may still refuse them: an
    admission before the member was born, a payment in the future)."""
    obj = make()
    response = _edit_page(as_persona(persona), url(obj), field, day)
    if day in REFUSED:
        assert response.status_code == 200
        assert f"{day.isoformat()} {OUTSIDE}" in _field_errors(response.content.decode())
    else:
        assert response.status_code in (200, 302)
        assert OUTSIDE not in response.content.decode()


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        ("dues.forms.BasisForm", {"category": "employed", "base": "5000"}, "effective_from"),
        (
            "dues.forms.PaymentForm",
            {"amount": "1", "paid_on": "2024-01-05", "method": "cash", "receipt_number": "R1"},
            "first_month",
        ),
        ("standards.forms.TaskForm", {"title": "Signs", "owner": "王芳"}, "deadline"),
    ],
)
def test_month_and_deadline_fields_keep_their_bounds(form, data, field):
    """Dues months (their arithmetic: months generated and repriced from them) and standards'
    deadlines (overdue = deadline < today) at the boundaries."""
    module, name = form.rsplit(".", 1)
    cls = getattr(importlib.import_module(f"branchwork.{module}"), name)
    month = isinstance(cls.base_fields[field], core_forms.MonthField)
    first, last = (dt.date(2000, 1, 1), dt.date(2100, 12, 1)) if month else (FIRST, LAST)
    before, after = first - dt.timedelta(days=1), dt.date(last.year + 1, 1, 1)
    extra = {"last_month": "2024-01"} if "last_month" in cls.base_fields else {}
    for day, ok in ((first, True), (last, True), (before, False), (after, False)):
        text = f"{day:%Y-%m}" if month else day.isoformat()
        bound = cls(data={**data, **extra, field: text})
        bound.is_valid()
        assert (field not in bound.errors) is ok, (day, bound.errors.get(field))


def post_json(client, url: str, data: dict[str, Any]):
    return client.post(url, json.dumps(data), content_type="application/json")


def _range_errors(response) -> list[str]:
    if response.status_code != 422:
        return []
    details = response.json()["error"]["details"]
    return [d["field"].rsplit(".", 1)[-1] for d in details if OUTSIDE in d["message"]]


def _api_cases():
    """(what, persona, url of an object, body without the date, date field)."""
    return [
        (
            "member status",
            "secretary",
            lambda: f"/api/members/{_member().pk}/status",
            {"status": "mobile", "reason": "test"},
            "effective_on",
        ),
        (
            "dues payment",
            "organizer",
            lambda: f"/api/dues/members/{_member().pk}/payments",
            {
                "first_month": "2024-01-01",
                "last_month": "2024-01-01",
                "amount": "1.00",
                "method": "cash",
                "receipt_number": "RANGE-1",
            },
            "paid_on",
        ),
        (
            "dues basis",
            "organizer",
            lambda: f"/api/dues/members/{_member().pk}/bases",
            {"category": "employed", "base": "5000"},
            "effective_from",
        ),
    ]


API_CASES = _api_cases()


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize(
    ("what", "persona", "url", "body", "field"), API_CASES, ids=[c[0] for c in API_CASES]
)
def test_an_endpoint_refuses_the_day_before_and_after_and_takes_the_kept_days_to_its_rules(
    as_persona, what, persona, url, body, field
):
    """Outside the range: 422 naming the field. The first and last kept day are not refused
    for their range (the endpoint's own rules may still refuse them: 409 or 422)."""
    client = as_persona(persona)
    for day in REFUSED + KEPT:
        response = post_json(client, url(), {**body, field: day.isoformat()})
        refused = day in REFUSED
        assert response.status_code in ((422,) if refused else (201, 409, 422)), (day, response)
        assert _range_errors(response) == ([field] if refused else []), (day, response.content)
