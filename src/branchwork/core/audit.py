"""The activity log, written explicitly by the service that makes each change.

Services call ``save_as`` / ``delete_as`` (one record, with its before/after values), ``record``
(an action that changes nothing, such as an export or a reveal) or ``record_bulk`` (one summary
line for a bulk write: what, how many, for which organization). Every call names an ``actor``:
the signed-in user, or a ``SystemActor`` for commands and the demo. django-simple-history keeps
the snapshots of the models that have ``HistoricalRecords``; it decides nothing about the log.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import CharField, DateField, Model, TextField
from django.utils.translation import gettext as _

from branchwork.core.dates import date_kept, outside_message
from branchwork.core.models import AuditEvent, Versioned
from branchwork.core.text import has_control, strip_control


class SystemActor:
    """The author of a change made by a command or the demo loader, not by a signed-in user.

    ``name`` says which one ("demo", "command: dues generate"); it is what the activity log
    shows in the "who" column.
    """

    is_authenticated = False
    is_active = False
    is_superuser = False
    # Commands and the demo are run by whoever administers the installation: core.scoping lets
    # a system actor read and act everywhere (see is_global).
    is_system = True
    pk = None

    def __init__(self, name: str) -> None:
        self.name = name

    def get_username(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"

    def __str__(self) -> str:
        return self.name


def system_actor(name: str) -> SystemActor:
    """A named system actor, e.g. ``system_actor("command: members import")``."""
    return SystemActor(name)


def acting_user(actor: Any) -> Any:
    """The user to record as the author of a history row: None for a ``SystemActor``."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_actor(actor: Any) -> None:
    if actor is None:
        raise TypeError("an actor is required: the signed-in user or a SystemActor")


def _field_values(obj: Model, names: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


def _audited_fields(model: type[Model]) -> list[str]:
    hidden: frozenset[str] = getattr(model, "audit_exclude", frozenset())
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in ("id", "version") and f.attname not in hidden and not f.primary_key
    ]


class StaleEdit(ValidationError):
    """A save that started from an older version of a ``core.models.Versioned`` record: someone
    else changed it in between. Pages show the message on the form; the API answers 409."""

    def __init__(self, obj: Model) -> None:
        self.current_version = _current_version(obj)
        super().__init__(_stale_message(obj), code="stale")


def _current_version(obj: Model) -> int | None:
    return type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()


def _stale_message(obj: Model) -> str:
    """ "Changed by 王芳 at 10:42 — reload to see their change.", from the record's last
    activity line (the date is added when it was not today)."""
    from django.utils import timezone

    last = (
        AuditEvent.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if last is None:
        return _(
            "Someone else changed this record after you opened it. Reload to see their change."
        )
    if last.actor is not None:
        who = last.actor.get_full_name() or last.actor.get_username()
    else:
        who = last.actor_name
    at = timezone.localtime(last.at)
    when = f"{at:%H:%M}" if at.date() == timezone.localdate() else f"{at:%Y-%m-%d %H:%M}"
    return _("Changed by %(who)s at %(when)s after you opened it. Reload to see their change.") % {
        "who": who,
        "when": when,
    }


def expect_version(obj: Any, version: int | None) -> None:
    """A change that names the ``version`` it was made from (a PATCH body's ``version``, a
    page's hidden field) is saved only from that version: ``save_as`` raises ``StaleEdit``
    (the API answers 409) when the record changed since. ``None``: the stored version."""
    if version is None:
        return
    if version != getattr(obj, "version", None):
        # Checked first, before the service's own rules, which would judge the change against
        # a record the user has not seen (a second click on "next step" would be refused for
        # the next step's missing fields instead of for what happened).
        raise StaleEdit(obj)
    obj.version = version


def _claim_version(obj: Model) -> None:
    """Raise the stored version by one if it is still the one ``obj`` was read at, else raise
    ``StaleEdit``. The conditional UPDATE also locks the row until the transaction ends, so
    two saves from the same version cannot both pass, on SQLite or PostgreSQL."""
    expected = getattr(obj, "version", None)
    if expected is None:
        raise StaleEdit(obj)
    claimed = (
        type(obj)._base_manager.filter(pk=obj.pk, version=expected).update(version=expected + 1)
    )
    if not claimed:
        raise StaleEdit(obj)
    obj.version = expected + 1  # type: ignore[attr-defined]


def _clean_text(obj: Model) -> None:
    """Drop control characters from every text field before it is stored (free text pasted
    from Word carries U+000B and U+0007, which .docx, .xlsx, .ics and PostgreSQL refuse):
    whatever page, API call or import the text came through, it is stored clean."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, CharField | TextField):
            value = getattr(obj, field.attname)
            if isinstance(value, str) and has_control(value):
                setattr(obj, field.attname, strip_control(value))


def _check_dates(obj: Model) -> None:
    """Every date of a record lies in the one valid range (``core.dates.HISTORY_MIN`` to the
    end of ``YEAR_MAX``): year 1 or 9999 is a typing slip, and arithmetic on it overflows."""
    errors: dict[str, list[str]] = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, DateField):
            value = getattr(obj, field.attname)
            day = value.date() if isinstance(value, dt.datetime) else value
            if isinstance(day, dt.date) and not date_kept(day):
                errors[field.attname] = [outside_message(day)]
    if errors:
        raise ValidationError(errors)


def save_as(
    obj: Model,
    actor: Any,
    *,
    note: str = "",
    clean: bool = True,
    exclude: list[str] | None = None,
) -> AuditEvent | None:
    """Validate and save one record, and write its activity line; the one way services save.

    Args:
        obj: a new or changed model instance.
        actor: the signed-in user, or a ``SystemActor`` for commands and the demo.
        note: a short reason shown with the line (at most 300 characters are kept).
        clean: run ``full_clean`` (field validation; uniqueness and constraints are left to
            the database) first; turn off only where the service says why.
        exclude: fields ``full_clean`` leaves alone.

    Returns the activity line, or None when an update changed nothing and has no note (no line
    is written; a change to a field kept out of the log, such as a password, gives a note).
    Raises ``ValidationError`` from ``full_clean``; ``StaleEdit`` (a ``ValidationError``) when
    ``obj`` is ``Versioned`` and its version is no longer the stored one (someone else saved
    it meanwhile); ``TypeError`` without an actor.
    """
    _require_actor(actor)
    _clean_text(obj)
    _check_dates(obj)
    if clean:
        # Uniqueness is left to the database: services turn its IntegrityError into their own
        # message, which stays right when two people save at the same moment.
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    model = type(obj)
    fields = _audited_fields(model)
    before: dict[str, Any] | None = None
    versioned = isinstance(obj, Versioned)
    if obj.pk is not None and not obj._state.adding:
        with transaction.atomic():
            row = model._base_manager.filter(pk=obj.pk).values(*fields).first()
            before = {k: _plain(v) for k, v in row.items()} if row is not None else None
            after = _field_values(obj, fields)
            changed = before is None or any(before.get(f) != v for f, v in after.items())
            if versioned and not (changed or note):
                return None  # nothing to write; a save would only risk overwriting another's
            if versioned:
                _claim_version(obj)  # locks the row: read it again, now that no one else can
                row = model._base_manager.filter(pk=obj.pk).values(*fields).first()
                before = {k: _plain(v) for k, v in row.items()} if row is not None else None
            return _save_and_record(obj, actor, model, fields, before, note)
    return _save_and_record(obj, actor, model, fields, before, note)


def _save_and_record(
    obj: Model,
    actor: Any,
    model: type[Model],
    fields: list[str],
    before: dict[str, Any] | None,
    note: str,
) -> AuditEvent | None:
    obj._history_user = acting_user(actor)  # type: ignore[attr-defined]
    obj.save()
    after = _field_values(obj, fields)
    if before is None:
        kind = AuditEvent.Kind.CREATE
        changes = {f: [None, v] for f, v in after.items() if v not in (None, "")}
    else:
        kind = AuditEvent.Kind.UPDATE
        changes = {f: [before[f], v] for f, v in after.items() if before.get(f) != v}
        if not changes and not note:
            return None  # nothing changed (hidden fields, such as a password, say so by a note)
    return record(actor=actor, kind=kind, obj=obj, changes=_masked(model, changes), note=note)


def delete_as(obj: Model, actor: Any, *, note: str = "") -> AuditEvent:
    """Delete one record and write its activity line with the values it had.

    Args as ``save_as``. Raises ``ProtectedError`` when other records still point at it.
    """
    _require_actor(actor)
    model = type(obj)
    values = _field_values(obj, _audited_fields(model))
    obj_repr = str(obj)[:200]
    object_id = str(obj.pk)
    try:
        org_path = getattr(obj, "audit_org_path", "")
    except ObjectDoesNotExist:
        org_path = ""
    obj._history_user = acting_user(actor)  # type: ignore[attr-defined]
    obj.delete()
    return record(
        actor=actor,
        kind=AuditEvent.Kind.DELETE,
        model=model._meta.label_lower,
        object_id=object_id,
        object_repr=obj_repr,
        org_path=org_path,
        changes=_masked(model, {f: [v, None] for f, v in values.items()}),
        note=note,
    )


def record_bulk(
    *,
    actor: Any,
    model: type[Model],
    count: int,
    organization: Any,
    note: str,
    kind: str = "bulk",
) -> AuditEvent:
    """One summary line for a bulk write (ledger generation, survey units, divisions…).

    Args:
        actor: the user or ``SystemActor`` that made the change.
        model: the model written, e.g. ``MonthlyDue``.
        count: how many rows were written (created, changed or deleted).
        organization: the organization the write was for (None for installation-wide data).
        note: what was done, in words ("generated monthly dues for 2026-01 to 2026-11").
    """
    _require_actor(actor)
    return record(
        actor=actor,
        kind=kind,
        model=model._meta.label_lower,
        object_repr=str(model._meta.verbose_name_plural),
        org_path=getattr(organization, "path", "") or "",
        changes={"count": [None, count]},
        note=note,
    )


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
        actor_name=(
            actor.get_username() if authenticated else getattr(actor, "name", None) or "system"
        ),
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
