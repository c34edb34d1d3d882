"""Every write to the rules library: rules and their drafts, adoption by a meeting (which
supersedes the version in force), members' acknowledgments, reminders and attachments. Each
service is keyword-only, takes the acting ``actor`` (a user, or a ``SystemActor`` for commands
and the demo) and writes its activity lines through ``save_as`` / ``record_bulk``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branchwork.core.audit import acting_user, delete_as, record_bulk, save_as
from branchwork.core.uploads import checked_upload, save_upload
from branchwork.meetings.models import Meeting
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.regulations import rules
from branchwork.regulations.models import (
    Acknowledgment,
    Regulation,
    RegulationAttachment,
    RegulationVersion,
    Reminder,
)
from branchwork.regulations.rules import State

log = logging.getLogger(__name__)

REGULATION_FIELDS = ("title", "category", "issued_by", "based_on", "notes")


def _refresh_search(regulation: Regulation) -> None:
    """Keep ``search_text`` = title + the newest version's text, lower-cased so that a plain
    LIKE matches Latin letters in any case (derived: no activity line)."""
    newest = regulation.versions.order_by("-number").values_list("plain_text", flat=True).first()
    text = f"{regulation.title}\n{newest or ''}".lower()
    Regulation.objects.filter(pk=regulation.pk).update(search_text=text)
    regulation.search_text = text


def _text(body: str) -> tuple[str, str]:
    safe = rules.sanitize_html(body)
    plain = rules.html_to_plain(safe)
    if not plain:
        raise ValidationError({"body": [_("Write the rule's text.")]})
    return safe, plain


def _save_regulation(regulation: Regulation, actor: Any) -> None:
    try:
        with transaction.atomic():
            save_as(regulation, actor)
    except IntegrityError:
        raise ValidationError(
            {"title": [_("This organization already has a rule with this title.")]}
        ) from None


@transaction.atomic
def regulation_create(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    body: str,
    change_note: str = "",
) -> Regulation:
    """Create a rule of ``organization`` with its first version as a draft.

    ``data``: ``REGULATION_FIELDS`` (title and category required); ``body``: the text, plain
    (one paragraph per line) or HTML (sanitized: ``rules.sanitize_html``). Raises
    ``ValidationError`` (by field) for an empty text or a title the organization already uses.
    """
    regulation = Regulation(organization=organization)
    for name in REGULATION_FIELDS:
        if name in data:
            setattr(regulation, name, data[name] or "")
    safe, plain = _text(body)
    _save_regulation(regulation, actor)
    version = RegulationVersion(
        regulation=regulation,
        number=1,
        body=safe,
        plain_text=plain,
        change_note=change_note,
        drafted_by=acting_user(actor),
    )
    save_as(version, actor)
    _refresh_search(regulation)
    return regulation


@transaction.atomic
def regulation_update(*, actor: Any, regulation: Regulation, data: dict[str, Any]) -> Regulation:
    """Change a rule's title, category, issuing body, basis or notes (not its text: the text
    changes through a new draft). Raises ``ValidationError`` for a title already in use."""
    for name in REGULATION_FIELDS:
        if name in data:
            setattr(regulation, name, data[name] or "")
    _save_regulation(regulation, actor)
    _refresh_search(regulation)
    return regulation


@transaction.atomic
def draft_save(
    *, actor: Any, regulation: Regulation, body: str, change_note: str = ""
) -> RegulationVersion:
    """Write the rule's draft: change the open draft, or start the next version (numbered
    after the last) when none is open. Adopted and superseded versions are never changed.
    Raises ``ValidationError`` for an empty text."""
    safe, plain = _text(body)
    # Lock the rule so two secretaries drafting at once do not both start a version.
    Regulation.objects.select_for_update().filter(pk=regulation.pk).first()
    draft = regulation.versions.filter(state=State.DRAFT).first()
    if draft is None:
        last = regulation.versions.aggregate(n=Max("number"))["n"] or 0
        draft = RegulationVersion(
            regulation=regulation, number=last + 1, drafted_by=acting_user(actor)
        )
    draft.body, draft.plain_text, draft.change_note = safe, plain, change_note
    save_as(draft, actor)
    _refresh_search(regulation)
    return draft


@transaction.atomic
def draft_discard(*, actor: Any, version: RegulationVersion) -> None:
    """Delete a draft that will not be adopted (version 1 of a rule never adopted: the rule
    goes with it). Raises ``ValidationError`` for an adopted or superseded version."""
    if version.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be discarded; adopted versions are kept."))
    regulation = version.regulation
    delete_as(version, actor)
    if not regulation.versions.exists():
        delete_as(regulation, actor, note="its only draft was discarded")
    else:
        _refresh_search(regulation)


def _check_adopting_meeting(version: RegulationVersion, meeting: Meeting) -> None:
    """Raise ``ValidationError`` (on "meeting") unless ``meeting`` may adopt ``version``: a held
    branch general or committee meeting of the rule's own organization (支部条例 Art. 11-12)."""
    if meeting.organization_id != version.regulation.organization_id:
        raise ValidationError(
            {"meeting": [_("The rule is adopted by a meeting of its own organization.")]}
        )
    if not rules.meeting_may_adopt(
        kind=meeting.kind, also_counts_as=meeting.also_counts_as, state=meeting.state
    ):
        raise ValidationError(
            {
                "meeting": [
                    _(
                        "A rule is adopted by a held branch general meeting or branch committee "
                        "meeting (%(source)s)."
                    )
                    % {"source": rules.ADOPTION_SOURCE}
                ]
            }
        )


@transaction.atomic
def version_adopt(
    *,
    actor: Any,
    version: RegulationVersion,
    meeting: Meeting,
    effective_on: dt.date | None = None,
) -> RegulationVersion:
    """Record that ``meeting`` adopted the draft ``version``: it comes into force on
    ``effective_on`` (default: the meeting's date) and the version in force until then is
    superseded on the meeting's date.

    Raises ``ValidationError`` when the version is not a draft, the meeting may not adopt it
    (``_check_adopting_meeting``), the meeting was before the version in force was adopted, or
    ``effective_on`` is before the meeting."""
    # Lock the version and read its state as stored (two adoptions at once: one wins).
    version.state = (
        RegulationVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("state", flat=True)
        .get()
    )
    if not rules.can_move(version.state, State.ADOPTED):
        raise ValidationError(_("Only a draft can be adopted."))
    _check_adopting_meeting(version, meeting)
    effective_on = effective_on or meeting.date
    if effective_on < meeting.date:
        raise ValidationError(
            {"effective_on": [_("A rule cannot come into force before it is adopted.")]}
        )
    current = version.regulation.versions.filter(state=State.ADOPTED).first()
    if current is not None:
        if current.adopted_on and meeting.date < current.adopted_on:
            raise ValidationError(
                {
                    "meeting": [
                        _("The version in force was adopted on %(date)s, after this meeting.")
                        % {"date": current.adopted_on.isoformat()}
                    ]
                }
            )
        current.state = State.SUPERSEDED
        current.superseded_on = meeting.date
        save_as(current, actor, note=f"superseded by version {version.number}")
    version.state = State.ADOPTED
    version.adopted_by = meeting
    version.adopted_on = meeting.date
    version.effective_on = effective_on
    save_as(version, actor)
    return version


def _check_can_acknowledge(version: RegulationVersion, member: Member) -> None:
    if version.state != State.ADOPTED:
        raise ValidationError(_("Only the version in force is acknowledged."))
    if not member.on_roll or not member.organization.path.startswith(
        version.regulation.organization.path
    ):
        raise ValidationError(_("Only members of the organization acknowledge its rules."))


@transaction.atomic
def acknowledge(*, actor: Any, version: RegulationVersion, member: Member) -> Acknowledgment:
    """Record that ``member`` has read ``version`` (the member's one tap). A second tap returns
    the first acknowledgment unchanged. Raises ``ValidationError`` when the version is not the
    one in force or the member is not on the roll of the rule's organization."""
    existing = Acknowledgment.objects.filter(version=version, member=member).first()
    if existing is not None:
        return existing
    _check_can_acknowledge(version, member)
    ack = Acknowledgment(version=version, member=member, at=timezone.now())
    try:
        with transaction.atomic():
            save_as(ack, actor)
    except IntegrityError:  # the same tap twice at the same moment
        return Acknowledgment.objects.get(version=version, member=member)
    return ack


@transaction.atomic
def acknowledgments_record_bulk(
    *, actor: Any, version: RegulationVersion, members: Iterable[Member], at: dt.datetime
) -> int:
    """Record acknowledgments from a signed paper sheet (or the demo) in one write, one summary
    activity line; members who already acknowledged are skipped. Returns how many were added.
    Raises ``ValidationError`` as ``acknowledge`` for any member."""
    done = set(version.acknowledgments.values_list("member_id", flat=True))
    rows = []
    for member in members:
        if member.pk in done:
            continue
        _check_can_acknowledge(version, member)
        rows.append(Acknowledgment(version=version, member=member, at=at))
        done.add(member.pk)
    if rows:
        bulk_create_with_history(rows, Acknowledgment, default_user=acting_user(actor))
        record_bulk(
            actor=actor,
            model=Acknowledgment,
            count=len(rows),
            organization=version.regulation.organization,
            note=f"acknowledgments of {version} recorded from a signed sheet",
        )
    return len(rows)


def _email(member: Member, version: RegulationVersion, link: str) -> bool:
    address = getattr(member.user, "email", "") if member.user_id else ""
    if not address:
        return False
    subject = _("Please read the rule %(title)s") % {"title": version.regulation.title}
    body = _(
        "%(name)s, the branch adopted version %(number)d of %(title)s on %(date)s. "
        "Please read it and confirm with one tap: %(link)s"
    ) % {
        "name": member.name,
        "number": version.number,
        "title": version.regulation.title,
        "date": version.adopted_on.isoformat() if version.adopted_on else "",
        "link": link,
    }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:
        log.warning("Reminder e-mail to member %s could not be sent", member.pk, exc_info=True)
        return False
    return True


@transaction.atomic
def remind(
    *, actor: Any, version: RegulationVersion, members: Iterable[Member], link: str = ""
) -> list[Reminder]:
    """Remind the given members who have not acknowledged ``version`` yet: one reminder (and
    activity line) each, and an e-mail through Django's mail when the member's account has an
    address (``link``: the address of the rule, for the message). Members who have already
    acknowledged are skipped. Raises ``ValidationError`` unless the version is in force."""
    if version.state != State.ADOPTED:
        raise ValidationError(_("Only the version in force is acknowledged."))
    done = set(version.acknowledgments.values_list("member_id", flat=True))
    sent = []
    for member in members:
        if member.pk in done:
            continue
        reminder = Reminder(version=version, member=member, at=timezone.now())
        reminder.emailed = _email(member, version, link)
        save_as(reminder, actor)
        sent.append(reminder)
    return sent


@transaction.atomic
def attachment_add(
    *, actor: Any, regulation: Regulation, upload: UploadedFile
) -> RegulationAttachment:
    """Keep a file with a rule (photos or documents, checked by ``core.uploads``). Raises
    ``ValidationError`` on the "file" field for a refused file."""
    name, content_type = checked_upload(upload)
    return save_upload(
        RegulationAttachment, upload, name, content_type, actor=actor, regulation=regulation
    )
