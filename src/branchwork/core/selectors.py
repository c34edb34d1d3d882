from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from branchwork.core.models import AuditEvent
from branchwork.core.roles import Action
from branchwork.core.scoping import scope
from branchwork.core.translate import translate_text


def activity_visible(user: Any) -> QuerySet[AuditEvent]:
    """The activity lines ``user`` may read (``audit.view`` on the organization the change was
    made in; everything for a superuser), newest first."""
    return scope(AuditEvent.objects.all(), user, Action.AUDIT_VIEW)


@dataclass
class ChangeLine:
    field: str
    before: Any
    after: Any


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return None


def _readable(field: models.Field | None, value: Any, names: dict[tuple[Any, Any], str]) -> Any:
    """A stored value as people read it: labels for choices, names for related records,
    local time for timestamps."""
    if value is None or field is None:
        return value
    if field.is_relation and field.related_model is not None:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    return value


def describe_page(events: list[AuditEvent]) -> list[dict[str, Any]]:
    """Activity lines ready for display. Related records are named with one query per
    related model on the page, not one per line."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for event in events:
        model = _model(event.model)
        for name, values in event.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted[field.related_model].update(v for v in values if v is not None)
    names: dict[tuple[Any, Any], str] = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)
    rows = []
    for event in events:
        model = _model(event.model)
        lines = []
        for name, (before, after) in sorted(event.changes.items()):
            field = _field(model, name)
            if field is not None and (
                getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            ):
                continue  # timestamps the database sets say nothing the line's time does not
            label = str(field.verbose_name) if field is not None else name
            lines.append(
                ChangeLine(label, _readable(field, before, names), _readable(field, after, names))
            )
        plural = str(model._meta.verbose_name_plural) if model is not None else ""
        bulk = event.kind == AuditEvent.Kind.BULK and bool(plural)
        rows.append(
            {
                "event": event,
                "model_name": str(model._meta.verbose_name) if model else event.model,
                # A bulk line names the records by their kind, stored in the writer's language.
                "record": plural if bulk else event.object_repr,
                # Stored in the language of whoever made the change; read in the reader's.
                "note": translate_text(event.note),
                "changes": lines,
            }
        )
    return rows
