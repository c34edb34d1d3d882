"""Every write of the development pipeline: people, steps (with the hard limits of
``rules.check_step``), the general-meeting votes that admit, convert, extend or disqualify,
documents and the import of an existing register.

The step that admits a probationary member creates the member record through
``members.services`` (with the registry's own form checks: GB 11643, age, probation), so dues
start from the admission month (党费规定 Art. 8); the conversion vote makes the member full with
the date the probation ended (党章 Art. 7: party standing counts from it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branchwork.core import crypto
from branchwork.core.audit import acting_user, record, record_bulk, save_as
from branchwork.core.uploads import checked_upload, save_upload
from branchwork.development import rules
from branchwork.development.models import Document, Person, Step
from branchwork.meetings import services as meeting_services
from branchwork.meetings.models import Meeting, Vote
from branchwork.members import services as member_services
from branchwork.members.forms import MemberForm
from branchwork.members.models import Member
from branchwork.members.rules import Category, Status
from branchwork.organizations.models import Organization

PERSON_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "phone",
    "education",
    "work_unit",
    "post",
    "contacts",
    "notes",
)


def _grace() -> int | None:
    overrides = getattr(settings, "DEVELOPMENT_LOCAL_PRACTICE", {}) or {}
    return overrides.get("conversion_vote_months")


def _apply(person: Person, data: dict[str, Any]) -> None:
    for field in PERSON_FIELDS:
        if field in data:
            value = data[field]
            setattr(person, field, "" if value is None and field not in ("birth_date",) else value)
    if data.get("id_number"):
        number = data["id_number"]
        person.id_number_encrypted = crypto.encrypt(number)
        person.id_number_hash = crypto.lookup_hash(number)
        person.id_last4 = number[-4:]
        person.id_prefix6 = number[:6]


@transaction.atomic
def person_create(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    member: Member | None = None,
) -> Person:
    """Add a person to ``organization``'s pipeline from ``PersonForm.cleaned_data`` (the form
    checks the ID number as the registry does: GB 11643 check character, birth date and gender
    read from it, not already in the pipeline). ``member``: the registry's record of someone
    already admitted whose development file is being entered afterwards (step 15 then links
    to it instead of creating one)."""
    person = Person(organization=organization, member=member)
    _apply(person, data)
    save_as(person, actor)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: dict[str, Any]) -> Person:
    """Change a person's details (a subset of ``PERSON_FIELDS`` and ``id_number``)."""
    _apply(person, data)
    save_as(person, actor)
    return person


def _step_dates(person: Person) -> dict[int, dt.date]:
    """The dates of the person's recorded steps: {number: date}."""
    return {s.number: s.date for s in person.steps.all() if s.number}


def _facts(person: Person, **extra: Any) -> rules.StepFacts:
    extended = person.steps.filter(outcome=rules.EXTEND).exists()
    return rules.StepFacts(
        birth_date=person.birth_date,
        dates=_step_dates(person),
        extension_months=person.probation_extension_months,
        extended=extended,
        conversion_grace_months=_grace(),
        **extra,
    )


def _refuse(refusals: list[rules.Refusal]) -> None:
    if refusals:
        raise ValidationError({"__all__": [str(r) for r in refusals]})


def _full_introducers(introducers: list[Member], on: dt.date, person: Person) -> int:
    """Distinct introducers who are full members on the roll of the person's organization
    (or above it) on ``on`` (党章 Art. 5)."""
    return len(
        {
            m.pk
            for m in introducers
            if m.category == Category.FULL
            and m.converted_on is not None
            and m.converted_on <= on
            and m.on_roll
        }
    )


@transaction.atomic
def step_record(
    *,
    actor: Any,
    person: Person,
    number: int,
    date: dt.date,
    decided_by: str = "",
    note: str = "",
    training_days: int = 0,
    training_hours: int = 0,
    introducers: list[Member] | None = None,
    contacts: str = "",
    vote: Vote | None = None,
) -> Step:
    """Record step ``number`` (1-25) of ``person`` on ``date``.

    Refused with ``ValidationError`` naming the rule and its source (``rules.check_step``):
    out of order, earlier than the previous step, or against a hard limit of §3.1. Steps 15
    and 23 need a ``vote`` of the branch general meeting that passed (use
    ``vote_step_record``). Step 15 creates the probationary member's record; step 23 converts
    the member (category full, converted on the probation's end); step 25 completes the file.
    """
    if person.status != rules.PersonStatus.ACTIVE and number != 25:
        raise ValidationError({"__all__": [_("This person's development has ended.")]})
    introducers = introducers or []
    facts = _facts(
        person,
        introducers_full=_full_introducers(introducers, date, person),
        training_days=training_days,
        training_hours=training_hours,
        vote_passed=vote.passed if vote is not None else None,
        vote_sentence=vote.verdict if vote is not None else "",
        reason=note,
    )
    _refuse(rules.check_step(number, date, facts))
    rule = rules.STEP_BY_NUMBER[number]
    step = Step(
        person=person,
        number=number,
        date=date,
        decided_by=decided_by or rule.decided_by,
        note=note,
        training_days=training_days,
        training_hours=training_hours,
        vote=vote,
    )
    save_as(step, actor)
    if number == 9:
        person.introducers.set(introducers)
    if number == 5 and contacts:
        person.contacts = contacts
    if rule.becomes:
        person.stage = rule.becomes
    if number == 15 and person.member_id is None:
        person.member = _admit(person, date, actor)
    member = (
        Member.objects.filter(pk=person.member_id).first()
        if number == 23 and person.member_id is not None
        else None
    )
    if member is not None and member.category == Category.PROBATIONARY:
        member_services.member_update(
            actor=actor,
            member=member,
            data={
                "category": Category.FULL,
                "converted_on": rules.probation_end(
                    facts.dates[15], person.probation_extension_months
                ),
            },
        )
    if number == 25:
        person.status = rules.PersonStatus.COMPLETED
    save_as(person, actor, note=str(rule.label))
    return step


def _member_data(person: Person, admitted_on: dt.date) -> dict[str, Any]:
    """The registry form's data for a person admitted on ``admitted_on``."""
    return {
        "name": person.name,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date,
        "id_number": person.id_number,
        "education": person.education,
        "phone": person.phone,
        "work_unit": person.work_unit,
        "post": person.post,
        "category": Category.PROBATIONARY,
        "admitted_on": admitted_on,
        "probation_extension_months": 0,
    }


def _admit(person: Person, admitted_on: dt.date, actor: Any) -> Member:
    """The member record of a newly admitted probationary member, checked by the registry's
    own form (GB 11643 ID number, its birth date and gender, age at admission, not already
    on a roll) and created through ``members.services``."""
    form = MemberForm(data=_member_data(person, admitted_on), organization=person.organization)
    if not form.is_valid():
        problems = [
            f"{field}: {'; '.join(str(e) for e in errors)}" for field, errors in form.errors.items()
        ]
        raise ValidationError(
            {
                "__all__": [
                    _("The member record cannot be created: %(p)s") % {"p": " ".join(problems)}
                ]
            }
        )
    return member_services.member_create(
        actor=actor, organization=person.organization, data=form.cleaned_data
    )


# --- General-meeting decisions -----------------------------------------------------------------

ADMIT = "admit"
CONVERT = "convert"


@dataclass(frozen=True)
class VoteOutcome:
    vote: Vote
    step: Step | None  # None when the vote did not pass
    refusal: str  # the verdict sentence with the rule's source when it did not pass


def _subject(person: Person, decision: str, months: int) -> str:
    if decision == ADMIT:
        return _("Admitting %(name)s as a probationary member") % {"name": person.name}
    if decision == CONVERT:
        return _("Converting %(name)s to full membership") % {"name": person.name}
    if decision == rules.EXTEND:
        return _("Extending the probation of %(name)s by %(m)d months") % {
            "name": person.name,
            "m": months,
        }
    return _("Cancelling the probationary membership of %(name)s") % {"name": person.name}


@transaction.atomic
def vote_step_record(
    *,
    actor: Any,
    person: Person,
    decision: str,
    meeting: Meeting,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    written_for: int = 0,
    written_against: int = 0,
    extension_months: int = 0,
    note: str = "",
) -> VoteOutcome:
    """The branch general meeting decides on ``person``: ``decision`` is ``ADMIT`` (step 15),
    ``CONVERT`` (step 23), ``rules.EXTEND`` or ``rules.DISQUALIFY``.

    The other limits are checked first (so nothing is recorded for a decision that is not
    possible on the meeting's date); then the vote is recorded through
    ``meetings.services.vote_record`` (the organizational-life rule: quorum, more than half
    of those entitled, written opinions count). A vote that does not pass is kept in the
    meeting's record and the outcome says why; a vote that passes records the step."""
    if meeting.organization_id != person.organization_id:
        raise ValidationError({"meeting": [_("Choose a general meeting of the person's branch.")]})
    on = meeting.date
    facts = _facts(person, vote_passed=True, reason=note)
    if decision == ADMIT:
        _refuse(rules.check_step(15, on, facts))
    elif decision == CONVERT:
        _refuse(rules.check_step(23, on, facts))
    elif decision == rules.EXTEND:
        _refuse(rules.check_extension(on, extension_months, facts))
    elif decision == rules.DISQUALIFY:
        if person.stage != rules.Stage.PROBATIONARY or 23 in facts.dates:
            raise ValidationError(
                {
                    "__all__": [
                        _("The general meeting votes on cancelling a probationary membership only.")
                    ]
                }
            )
        if not note.strip():
            raise ValidationError({"note": [_("State the reasons for the decision.")]})
    else:
        raise ValidationError({"decision": [_("Unknown decision.")]})
    vote = meeting_services.vote_record(
        actor=actor,
        meeting=meeting,
        kind=Vote.Kind.ADMISSION,
        subject=_subject(person, decision, extension_months)[:300],
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        written_for=written_for,
        written_against=written_against,
    )
    if not vote.passed:
        refusal = str(
            rules.Refusal(
                _("The general meeting's vote did not pass: %(verdict)s")
                % {"verdict": vote.verdict},
                str(rules.SRC_VOTE),
            )
        )
        return VoteOutcome(vote, None, refusal)
    if decision in (ADMIT, CONVERT):
        step = step_record(
            actor=actor,
            person=person,
            number=15 if decision == ADMIT else 23,
            date=on,
            decided_by=rules.Decider.GENERAL_MEETING,
            note=note,
            vote=vote,
        )
    elif decision == rules.EXTEND:
        step = _extend(person, on, extension_months, vote, note, actor)
    else:
        step = _disqualify(person, on, note, actor, vote=vote)
    return VoteOutcome(vote, step, "")


def _extend(person: Person, on: dt.date, months: int, vote: Vote, note: str, actor: Any) -> Step:
    step = Step(
        person=person,
        outcome=rules.EXTEND,
        date=on,
        decided_by=rules.Decider.GENERAL_MEETING,
        vote=vote,
        extension_months=months,
        note=note,
    )
    save_as(step, actor)
    person.probation_extension_months = months
    save_as(person, actor, note=str(_("Probation extended")))
    if person.member_id:
        member_services.member_update(
            actor=actor,
            member=Member.objects.get(pk=person.member_id),
            data={"probation_extension_months": months},
        )
    return step


def _disqualify(person: Person, on: dt.date, reason: str, actor: Any, vote: Vote | None) -> Step:
    step = Step(
        person=person,
        outcome=rules.DISQUALIFY,
        date=on,
        decided_by=rules.Decider.GENERAL_MEETING if vote else rules.Decider.BRANCH_COMMITTEE,
        vote=vote,
        note=reason,
    )
    save_as(step, actor)
    person.status = rules.PersonStatus.DISQUALIFIED
    save_as(person, actor, note=reason[:300])
    if person.member_id:
        member_services.member_change_status(
            actor=actor,
            member=Member.objects.get(pk=person.member_id),
            status=Status.REMOVED,
            effective_on=on,
            reason=reason,
            detail=str(_("Probationary membership cancelled")),
        )
    return step


@transaction.atomic
def person_disqualify(*, actor: Any, person: Person, date: dt.date, reason: str) -> Step:
    """End the development of an applicant, activist or development target (the branch
    committee's decision, with its reasons). A probationary member's membership is cancelled
    only by a general-meeting vote (``vote_step_record`` with ``rules.DISQUALIFY``: 党章
    Art. 7)."""
    if person.status != rules.PersonStatus.ACTIVE:
        raise ValidationError({"__all__": [_("This person's development has ended.")]})
    if person.stage in (rules.Stage.PROBATIONARY, rules.Stage.FULL):
        raise ValidationError(
            {
                "__all__": [
                    str(
                        rules.Refusal(
                            _("A probationary membership is cancelled by a general-meeting vote."),
                            str(rules.SRC_PROBATION),
                        )
                    )
                ]
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("State the reasons for the decision.")]})
    return _disqualify(person, date, reason, actor, vote=None)


@transaction.atomic
def document_add(*, actor: Any, step: Step, kind: str, upload: UploadedFile) -> Document:
    """Attach a document to a step (checked: allowed type, size, content matching the name)."""
    if kind not in rules.DocumentKind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    name, content_type = checked_upload(upload)
    return save_upload(Document, upload, name, content_type, actor=actor, step=step, kind=kind)


def register_exported(*, actor: Any, organization: Organization, count: int, masked: bool) -> None:
    """The activity line for an export of the development register."""
    record(
        actor=actor,
        kind="export",
        model=Person._meta.label_lower,
        object_repr=str(Person._meta.verbose_name_plural),
        org_path=organization.path,
        note=f"development register: {count} people" + (" (masked)" if masked else ""),
    )


def file_exported(*, actor: Any, person: Person) -> None:
    """The activity line for the export of one person's development file."""
    record(actor=actor, kind="export", obj=person, note="development file (.docx)")


@transaction.atomic
def people_import(
    *,
    actor: Any,
    organization: Organization,
    people: list[tuple[dict[str, Any], dict[int, dt.date], str]],
) -> int:
    """Save a checked register (``imports.check_register``): each entry is the person's data,
    the dated steps and the note. All or nothing. Returns how many people were added."""
    steps = 0
    for data, dates, note in people:
        person = Person(organization=organization)
        _apply(person, data)
        person.stage = rules.stage_of(dates)
        person.notes = note
        save_as(person, actor, note="development register imported")
        bulk_create_with_history(
            [
                Step(
                    person=person,
                    number=number,
                    date=day,
                    decided_by=rules.STEP_BY_NUMBER[number].decided_by,
                    note=str(_("Imported from the development register")),
                )
                for number, day in sorted(dates.items())
            ],
            Step,
            default_user=acting_user(actor),
        )
        steps += len(dates)
    record_bulk(
        actor=actor,
        model=Step,
        count=steps,
        organization=organization,
        note=f"development register imported: {len(people)} people",
    )
    return len(people)
