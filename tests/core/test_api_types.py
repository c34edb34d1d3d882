"""The decimal inputs of the API document exactly the text they accept (issue 13 §2: a
client built from the schema must never send a request the API refuses as malformed). For
every type: any text matching its documented pattern is accepted, and the boundaries of the
pattern are the type's own (digits, decimal places, zero, sign, range)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from branchwork.core.api import (
    Centimetres,
    Km,
    Latitude,
    Longitude,
    Metres,
    PositiveKm,
    Yuan,
    decimal_pattern,
)

TYPES = {
    "Yuan": Yuan,
    "Km": Km,
    "PositiveKm": PositiveKm,
    "Metres": Metres,
    "Centimetres": Centimetres,
    "Longitude": Longitude,
    "Latitude": Latitude,
}


def _pattern(kind) -> str:
    return TypeAdapter(kind).json_schema()["pattern"]


@pytest.mark.parametrize("name", sorted(TYPES))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_text_the_schema_documents_is_accepted(name, data):
    kind = TYPES[name]
    text = data.draw(st.from_regex(_pattern(kind), fullmatch=True))
    assert isinstance(TypeAdapter(kind).validate_python(text), Decimal)


@pytest.mark.parametrize(
    ("name", "text", "documented", "accepted"),
    [
        ("Yuan", "0", True, True),
        ("Yuan", "0.00", True, True),
        ("Yuan", "9999999999.99", True, True),
        ("Yuan", "10000000000", False, False),  # 11 whole digits
        ("Yuan", "1.234", False, False),
        ("Yuan", "-1", False, False),
        ("Yuan", "", False, False),
        ("Metres", "0", False, False),  # gt=0
        ("Metres", "0.01", True, True),
        ("Metres", "999.99", True, True),
        ("Metres", "1000", False, False),
        ("Centimetres", "0.1", True, True),
        ("Centimetres", "0.0", False, False),
        ("Latitude", "90", True, True),
        ("Latitude", "-90.000000", True, True),
        ("Latitude", "90.000001", False, False),
        ("Latitude", "89.999999", True, True),
        ("Longitude", "-180", True, True),
        ("Longitude", "180.5", False, False),
        ("Longitude", "179.9999999", False, False),  # seven places
    ],
)
def test_the_boundaries(name, text, documented, accepted):
    kind = TYPES[name]
    assert bool(re.fullmatch(_pattern(kind), text)) is documented
    try:
        TypeAdapter(kind).validate_python(text)
        ok = True
    except ValidationError:
        ok = False
    assert ok is accepted


def test_a_bound_the_pattern_cannot_follow_is_refused_at_definition():
    with pytest.raises(ValueError, match="DecimalText"):
        decimal_pattern({"ge": 5, "max_digits": 4, "decimal_places": 1})


def _request_schemas():
    from branchwork.config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    components = schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media["schema"].get("$ref", "")
                if ref:
                    yield f"{method.upper()} {path}", components[ref.rsplit("/", 1)[1]]
                else:
                    yield f"{method.upper()} {path}", media["schema"]
            for parameter in operation.get("parameters", []):
                yield (
                    f"{method.upper()} {path} ?{parameter['name']}",
                    {"properties": {parameter["name"]: parameter["schema"]}},
                )


def _loose(node, where=""):
    """pydantic's default for a Decimal: "any number or any string"; and a year without
    bounds."""
    if isinstance(node, dict):
        branches = node.get("anyOf", [])
        types = [b.get("type") for b in branches if isinstance(b, dict)]
        if "number" in types and any(
            b.get("type") == "string" and "pattern" not in b for b in branches
        ):
            yield where
        if (
            node.get("type") == "integer"
            and where.rsplit(".", 1)[-1] == "year"
            and ("minimum" not in node or "maximum" not in node)
        ):
            yield where
        for key, value in node.items():
            inside = where if key in ("properties", "anyOf", "allOf", "oneOf") else f"{where}.{key}"
            yield from _loose(value, inside)
    elif isinstance(node, list):
        for value in node:
            yield from _loose(value, where)


def test_no_api_input_documents_a_decimal_or_a_year_looser_than_it_accepts(db):
    loose = sorted({f"{op}: {w}" for op, schema in _request_schemas() for w in _loose(schema)})
    assert loose == []


def _types_of(annotation, seen):
    import enum
    import typing

    from pydantic import BaseModel

    from branchwork.core.api import NamedChoices

    if typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(m, NamedChoices) for m in annotation.__metadata__
    ):
        return  # documented inline under its own name
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        seen.add(annotation)
    elif (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation not in seen
    ):
        seen.add(annotation)
        for field in annotation.model_fields.values():
            # pydantic keeps an outer Annotated's markers in field.metadata.
            if not any(isinstance(m, NamedChoices) for m in field.metadata):
                _types_of(field.annotation, seen)
    for arg in typing.get_args(annotation):
        _types_of(arg, seen)


def test_no_two_api_types_share_a_schema_name():
    """django-ninja files every model and enum under its class name in one components table:
    two classes of one name (members' Status and dues' Status) overwrite each other, and the
    schema then documents the wrong values (a client built from it cannot change a member's
    status). Every enum and schema the API uses has its own name."""
    from pydantic import BaseModel

    from branchwork.config.api import api

    seen: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _types_of(model, seen)
                for response in operation.response_models.values():
                    _types_of(response, seen)
    by_name: dict[str, set] = {}
    for kind in seen:
        if getattr(kind, "__module__", "").startswith("ninja"):
            continue
        if isinstance(kind, type) and issubclass(kind, BaseModel) and "Paged" in kind.__name__:
            continue
        by_name.setdefault(kind.__name__, set()).add(f"{kind.__module__}.{kind.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert clashes == {}
