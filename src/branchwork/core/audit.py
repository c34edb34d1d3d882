"""The activity log. Every model with ``HistoricalRecords`` feeds it through one signal."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db.models import Model
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from branchwork.core.models import AuditEvent

_KIND_BY_HISTORY_TYPE = {
    "+": AuditEvent.Kind.CREATE,
    "~": AuditEvent.Kind.UPDATE,
    "-": AuditEvent.Kind.DELETE,
}


def acting_user(actor: Any) -> Any:
    """The user to record as the author of a change: None for commands and the demo."""
    return actor if getattr(actor, "is_authenticated", False) else None


def save_as(obj: Model, actor: Any) -> None:
    """Save a record with ``actor`` as the author of its history row (and activity line)."""
    obj._history_user = acting_user(actor)
    obj.save()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    return str(value)


def _tracked_fields(history_instance: Any) -> list[str]:
    hidden = getattr(history_instance.instance_type, "audit_exclude", frozenset())
    return [
        f.attname
        for f in history_instance.tracked_fields
        if f.attname != "id" and f.attname not in hidden
    ]


def record(
    *,
    actor: Any,
    kind: str,
    obj: Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    org_path: str | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one activity line. ``obj`` fills model/id/repr/path when given."""
    if obj is not None:
        model = model or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if org_path is None:
            org_path = getattr(obj, "audit_org_path", "")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_name=(actor.get_username() if authenticated else "system"),
        kind=kind,
        model=model,
        object_id=object_id,
        object_repr=object_repr[:200],
        org_path=org_path or "",
        changes=changes or {},
        note=note[:300],
    )


def _masked(model: Any, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Apply the model's ``audit_masks`` (e.g. phones) to the values written to the log."""
    for field, mask in getattr(model, "audit_masks", {}).items():
        if field in changes:
            changes[field] = [mask(v) if isinstance(v, str) else v for v in changes[field]]
    return changes


@receiver(post_create_historical_record)
def _history_to_activity(
    sender: Any, instance: Model, history_instance: Any, **kwargs: Any
) -> None:
    kind = _KIND_BY_HISTORY_TYPE[history_instance.history_type]
    fields = _tracked_fields(history_instance)
    if kind == AuditEvent.Kind.UPDATE:
        previous = history_instance.prev_record
        if previous is None:
            changes = {f: [None, _plain(getattr(history_instance, f))] for f in fields}
        else:
            delta = history_instance.diff_against(previous, foreign_keys_are_objs=False)
            hidden = getattr(history_instance.instance_type, "audit_exclude", frozenset())
            changes = {
                c.field: [_plain(c.old), _plain(c.new)]
                for c in delta.changes
                if c.field not in hidden
            }
            if not changes:
                return
    elif kind == AuditEvent.Kind.CREATE:
        changes = {
            f: [None, _plain(getattr(history_instance, f))]
            for f in fields
            if getattr(history_instance, f) not in (None, "")
        }
    else:
        changes = {f: [_plain(getattr(history_instance, f)), None] for f in fields}
    try:
        org_path = getattr(instance, "audit_org_path", "")
    except Model.DoesNotExist:  # a related row already gone during a cascade delete
        org_path = ""
    record(
        actor=history_instance.history_user,
        kind=kind,
        obj=instance,
        org_path=org_path,
        changes=_masked(history_instance.instance_type, changes),
        note=history_instance.history_change_reason or "",
    )
