"""The patterns every module follows (docs/architecture.md), checked so a new module cannot drift:

- every model either names where its organization path is (``scope_path_field``) and reads
  through ``visible_to``, or is declared unscoped with a reason in ``core.scoping``;
- no materialized-path prefix match outside ``core/``;
- every public service takes a required keyword-only ``actor``;
- every public service, selector and rule function says what it does in a docstring;
- no signal receiver decides what is audited.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps

from branchwork.core.scoping import UNSCOPED_MODELS, ScopedQuerySet

SRC = Path(__file__).resolve().parents[1] / "src" / "branchwork"
DOMAIN_APPS = sorted(
    p.parent.name
    for p in SRC.glob("*/models.py")
    if p.parent.name not in {"core"} and (p.parent / "apps.py").exists()
)


def _our_models():
    for model in apps.get_models():
        if model.__module__.startswith("branchwork.") and not model.__name__.startswith(
            "Historical"
        ):
            yield model


@pytest.mark.parametrize("model", list(_our_models()), ids=lambda m: m._meta.label_lower)
def test_every_model_is_scoped_or_declared_unscoped(model):
    if model._meta.app_label == "core":
        return
    label = model._meta.label_lower
    if label in UNSCOPED_MODELS:
        assert not hasattr(model, "scope_path_field"), f"{label} is both scoped and unscoped"
        return
    assert hasattr(model, "scope_path_field"), (
        f"{label} names no scope_path_field and is not declared in core.scoping.UNSCOPED_MODELS"
    )
    assert isinstance(model.objects.all(), ScopedQuerySet), f"{label} lacks ScopedManager"


def test_no_path_prefix_match_outside_core():
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if "core" not in path.relative_to(SRC).parts[:1] and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "path__startswith" in line
    ]
    assert offenders == []


def test_every_api_list_uses_the_one_bounded_pagination():
    """``core.api.Pagination`` bounds ``page`` and ``page_size`` (a huge page number once
    overflowed SQLite's integer and answered 500 on every list but one)."""
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).as_posix() != "core/api.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "PageNumberPagination" in line or "LimitOffsetPagination" in line
    ]
    assert offenders == []


def _public_functions(module_name: str):
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return []
    found = []
    for name, obj in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        target = inspect.unwrap(obj)
        if target.__module__ != module_name:
            continue  # imported from elsewhere
        found.append((name, target))
    return found


# Public service functions that take no actor, each with the reason.
NO_ACTOR = {
    "accounts.token_authenticate": "authentication runs before there is an actor: the token "
    "names the user, and it only stamps when the token was last used",
}
SERVICES = [
    (app, name, fn)
    for app in DOMAIN_APPS
    for name, fn in _public_functions(f"branchwork.{app}.services")
    if f"{app}.{name}" not in NO_ACTOR
]


@pytest.mark.parametrize(("app", "name", "fn"), SERVICES, ids=[f"{a}.{n}" for a, n, _ in SERVICES])
def test_every_public_service_takes_a_required_keyword_actor(app, name, fn):
    actor = inspect.signature(fn).parameters.get("actor")
    assert actor is not None, f"{app}.services.{name} takes no actor (reads belong in selectors)"
    assert actor.kind is inspect.Parameter.KEYWORD_ONLY, f"{app}.services.{name}: actor positional"
    assert actor.default is inspect.Parameter.empty, f"{app}.services.{name}: actor has a default"


DOCUMENTED = [
    (f"{app}.{kind}", name, fn)
    for app in [*DOMAIN_APPS, "core"]
    for kind in ("rules", "services", "selectors")
    for name, fn in _public_functions(f"branchwork.{app}.{kind}")
]


@pytest.mark.parametrize(
    ("module", "name", "fn"), DOCUMENTED, ids=[f"{m}.{n}" for m, n, _ in DOCUMENTED]
)
def test_every_public_rule_service_and_selector_has_a_docstring(module, name, fn):
    assert (fn.__doc__ or "").strip(), f"{module}.{name} has no docstring"


def test_no_signal_receiver_writes_the_activity_log():
    audit = (SRC / "core" / "audit.py").read_text(encoding="utf-8")
    assert "@receiver" not in audit
    receivers = [
        f"{path.relative_to(SRC)}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and re.search(
            r"post_create_historical_record|post_save\.connect|@receiver\(post_save",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert receivers == []
