"""Every write to study: plans and their topics, collective sessions, members' records and
their evidence, the materials library and who has read what, imports, and hours added by
other modules (``record_external_hours``). Each service is keyword-only, transactional,
takes the acting ``actor`` and writes its activity lines through ``save_as`` / ``delete_as`` /
``record_bulk``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import delete_as, record_bulk, save_as
from branchwork.core.tabular import error_at
from branchwork.core.uploads import checked_upload, save_upload
from branchwork.meetings.models import Attendance, Meeting
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.study import rules
from branchwork.study.models import (
    Evidence,
    Material,
    MaterialRead,
    PlanItem,
    StudyPlan,
    StudyRecord,
    StudySession,
)


class ImportRejected(Exception):
    """An import that saved nothing: ``errors`` names every bad row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _check_hours(hours: Decimal, field: str = "hours") -> None:
    problem = rules.hours_error(Decimal(hours))
    if problem:
        raise ValidationError({field: [problem]})


def _check_date(member: Member, date: dt.date) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": [_("Study in the future cannot be recorded yet.")]})
    if date < member.admitted_on:
        raise ValidationError(
            {
                "date": [
                    _("%(name)s was admitted on %(admitted)s; study before that is not counted.")
                    % {"name": member.name, "admitted": member.admitted_on.isoformat()}
                ]
            }
        )


# --- Plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_save(
    *, actor: Any, organization: Organization, year: int, title: str, note: str = ""
) -> StudyPlan:
    """Create or change ``organization``'s study plan for ``year`` (one plan a year)."""
    plan = StudyPlan.objects.filter(organization=organization, year=year).first()
    plan = plan or StudyPlan(organization=organization, year=year)
    plan.title, plan.note = title, note
    save_as(plan, actor)
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    plan: StudyPlan,
    month: int,
    topic: str,
    note: str = "",
    materials: list[Material] | None = None,
) -> PlanItem:
    """Add a topic to ``plan`` in ``month`` (1-12) with the library's ``materials`` to study
    (they must belong to the plan's organization or one above it)."""
    if not 1 <= month <= 12:
        raise ValidationError({"month": [_("Choose a month from 1 to 12.")]})
    item = PlanItem(plan=plan, month=month, topic=topic, note=note)
    save_as(item, actor)
    allowed = {plan.organization.path, *plan.organization.ancestor_paths()}
    chosen = [m for m in materials or [] if m.organization.path in allowed]
    if chosen:
        item.materials.set(chosen)
    return item


@transaction.atomic
def plan_item_delete(*, actor: Any, item: PlanItem) -> None:
    """Remove a topic from its plan (sessions that followed it keep their records)."""
    delete_as(item, actor)


# --- Records ----------------------------------------------------------------------------------

RECORD_FIELDS = ("date", "topic", "form", "hours", "organizer", "note")


@transaction.atomic
def record_save(
    *, actor: Any, member: Member, data: dict[str, Any], record: StudyRecord | None = None
) -> StudyRecord:
    """Record (``record`` None) or change a member's study: ``data`` holds any of
    ``RECORD_FIELDS`` (``hours`` already converted with ``rules.to_hours``). Raises
    ``ValidationError`` for hours out of ``rules.hours_error``, a date in the future or before
    the member's admission, or a centralised training without the organization that held it."""
    record = record or StudyRecord(member=member)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(record, name, data[name] if data[name] is not None else "")
    _check_hours(record.hours)
    _check_date(member, record.date)
    if record.form == rules.Form.CENTRALISED and not record.organizer.strip():
        raise ValidationError(
            {"organizer": [_("Say which higher organization held the centralised training.")]}
        )
    save_as(record, actor)
    return record


@transaction.atomic
def record_delete(*, actor: Any, record: StudyRecord) -> None:
    """Delete a study record and its evidence files' rows."""
    for evidence in list(record.evidence.all()):
        delete_as(evidence, actor)
    delete_as(record, actor)


@transaction.atomic
def evidence_add(*, actor: Any, record: StudyRecord, upload: UploadedFile) -> Evidence:
    """Attach a certificate, photo or document (``core.uploads`` checks) to a study record."""
    name, content_type = checked_upload(upload)
    return save_upload(Evidence, upload, name, content_type, actor=actor, record=record)


@transaction.atomic
def record_external_hours(
    *,
    actor: Any,
    member: Member,
    date: dt.date,
    topic: str,
    form: str,
    hours: Decimal,
    source_key: str,
) -> tuple[StudyRecord, bool]:
    """Hours another module counts as study (an activity that was study, a lecture given by
    the development module's training, ...). Idempotent by ``source_key``: call it again with
    the same member and key and the one record is updated (or left alone), never doubled.

    Args:
        actor: the user or ``SystemActor`` making the change.
        member: whose hours they are.
        date, topic, form (a ``rules.Form`` value), hours (already in hours: ``rules.to_hours``).
        source_key: "<app>:<model>:<pk>" of what gave the hours, at most 100 characters.
    Returns (record, created). Raises ``ValidationError`` as ``record_save``, and for an empty
    key or an unknown form.
    """
    if not source_key.strip():
        raise ValidationError({"source_key": [_("A source key is required.")]})
    if form not in rules.Form.values:
        raise ValidationError({"form": [_("Unknown form of study.")]})
    existing = (
        StudyRecord.objects.select_for_update().filter(member=member, source_key=source_key).first()
    )
    data = {
        "date": date,
        "topic": topic,
        "form": form,
        "hours": Decimal(hours),
        "organizer": topic if form == rules.Form.CENTRALISED else "",
    }
    if existing is not None:
        if existing.form == rules.Form.CENTRALISED and existing.organizer:
            data["organizer"] = existing.organizer
        return record_save(actor=actor, member=member, data=data, record=existing), False
    record = StudyRecord(member=member, source_key=source_key)
    try:
        with transaction.atomic():
            return record_save(actor=actor, member=member, data=data, record=record), True
    except IntegrityError:  # the same key saved at the same moment by another request
        existing = StudyRecord.objects.get(member=member, source_key=source_key)
        return existing, False


# --- Collective sessions ----------------------------------------------------------------------


def _check_meeting(organization: Organization, meeting: Meeting, date: dt.date) -> None:
    if not any(k in rules.SESSION_MEETING_KINDS for k in meeting.kinds):
        raise ValidationError(
            {
                "meeting": [
                    _(
                        "A collective study session is held at a general meeting, a party "
                        "lecture or a party group meeting."
                    )
                ]
            }
        )
    if not meeting.organization.path.startswith(organization.path):
        raise ValidationError({"meeting": [_("That meeting was held by another organization.")]})
    if meeting.state != Meeting.State.HELD:
        raise ValidationError({"meeting": [_("Record the meeting as held first.")]})
    if StudySession.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            {"meeting": [_("A study session is already recorded for that meeting.")]}
        )
    if meeting.date != date:
        raise ValidationError(
            {"date": [_("The meeting was held on %(date)s.") % {"date": meeting.date.isoformat()}]}
        )


@transaction.atomic
def session_record(
    *,
    actor: Any,
    organization: Organization,
    date: dt.date,
    topic: str,
    hours: Decimal,
    meeting: Meeting | None = None,
    members: list[Member] | None = None,
    lecturer: str = "",
    note: str = "",
    plan_item: PlanItem | None = None,
) -> StudySession:
    """Record a collective study session of ``organization`` and one collective-study record
    for each participant: the members marked present at ``meeting`` when the session was
    held by one (a general meeting, party lecture or party group meeting of the organization
    or below, held that day), else ``members`` (of the organization's subtree). Raises
    ``ValidationError`` for a wrong meeting, bad hours or no participant."""
    _check_hours(hours)
    if date > timezone.localdate():
        raise ValidationError({"date": [_("Study in the future cannot be recorded yet.")]})
    if meeting is not None:
        _check_meeting(organization, meeting, date)
        people = [
            a.member
            for a in Attendance.objects.filter(
                meeting=meeting, presence=Attendance.Presence.PRESENT
            ).select_related("member")
        ]
    else:
        people = [m for m in members or [] if m.organization.path.startswith(organization.path)]
    people = [m for m in people if m.admitted_on <= date]
    if not people:
        raise ValidationError(
            {"members": [_("Nobody took part: mark attendance or choose the members.")]}
        )
    session = StudySession(
        organization=organization,
        meeting=meeting,
        date=date,
        topic=topic,
        hours=hours,
        lecturer=lecturer,
        note=note,
        plan_item=plan_item,
    )
    save_as(session, actor)
    for member in people:
        save_as(
            StudyRecord(
                member=member,
                session=session,
                date=date,
                topic=topic,
                form=rules.Form.COLLECTIVE,
                hours=hours,
            ),
            actor,
        )
    return session


@transaction.atomic
def session_delete(*, actor: Any, session: StudySession) -> None:
    """Delete a session and the records it gave."""
    for record in list(session.records.all()):
        record_delete(actor=actor, record=record)
    delete_as(session, actor)


# --- Materials --------------------------------------------------------------------------------


@transaction.atomic
def material_add(
    *,
    actor: Any,
    organization: Organization,
    topic: str,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
    note: str = "",
    added_on: dt.date | None = None,
) -> Material:
    """Add a document (``upload``, checked by ``core.uploads``) or a link to the library."""
    if not url and upload is None:
        raise ValidationError({"url": [_("Give a link or attach a document.")]})
    material = Material(
        organization=organization,
        topic=topic,
        title=title,
        url=url,
        note=note,
        added_on=added_on or timezone.localdate(),
    )
    if upload is not None:
        material.file_name, material.content_type = checked_upload(upload)
        material.file = upload
    save_as(material, actor)
    return material


@transaction.atomic
def material_delete(*, actor: Any, material: Material) -> None:
    """Remove a material from the library (with who read it)."""
    delete_as(material, actor)


@transaction.atomic
def material_mark_read(
    *, actor: Any, material: Material, member: Member, on: dt.date | None = None
) -> tuple[MaterialRead, bool]:
    """Mark that ``member`` read ``material`` (once; a second mark changes nothing). Returns
    (the mark, created)."""
    existing = MaterialRead.objects.filter(material=material, member=member).first()
    if existing is not None:
        return existing, False
    mark = MaterialRead(material=material, member=member, read_on=on or timezone.localdate())
    save_as(mark, actor)
    return mark, True


# --- Import -----------------------------------------------------------------------------------


@transaction.atomic
def records_import(*, actor: Any, organization: Organization, rows: list[dict[str, Any]]) -> int:
    """Save the rows an import checked (``imports.read_records``), all or nothing: a row the
    service refuses rolls every row back and raises ``ImportRejected`` naming it. One summary
    line in the activity log besides each record's own line."""
    errors: list[str] = []
    for row in rows:
        try:
            with transaction.atomic():
                record_save(actor=actor, member=row["member"], data=row["data"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    column = row.get("columns", {}).get(field, field)
                    errors.append(error_at(row["line"], column, message))
    if errors:
        raise ImportRejected(errors)  # leaving the atomic block rolls every row back
    record_bulk(
        actor=actor,
        model=StudyRecord,
        count=len(rows),
        organization=organization,
        note=f"imported {len(rows)} study records",
    )
    return len(rows)
