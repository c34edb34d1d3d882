from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from branchwork.core.audit import field_verbose_name, model_verbose_name
from branchwork.core.models import AuditEvent
from branchwork.core.roles import Action
from branchwork.core.scoping import scope


def activity_visible(user: Any) -> QuerySet[AuditEvent]:
    return scope(AuditEvent.objects.all(), user, Action.AUDIT_VIEW)


@dataclass
class ChangeLine:
    field: str
    before: Any
    after: Any


def describe(event: AuditEvent) -> dict[str, Any]:
    """An activity line ready for display: translated record type and field names."""
    return {
        "event": event,
        "model_name": model_verbose_name(event.model),
        "changes": [
            ChangeLine(field_verbose_name(event.model, name), values[0], values[1])
            for name, values in sorted(event.changes.items())
        ],
    }
