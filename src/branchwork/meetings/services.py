"""Every write to meetings: plans, records, attendance, votes, appraisals, attachments and
calendar-feed addresses. Each service is keyword-only, takes the acting ``actor`` (a user, or a
``SystemActor`` for commands and the demo) and writes its activity lines through ``save_as`` /
``delete_as`` / ``record_bulk``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branchwork.core.audit import acting_user, delete_as, record_bulk, save_as
from branchwork.core.uploads import checked_upload, save_upload
from branchwork.meetings import rules, selectors
from branchwork.meetings.models import (
    Appraisal,
    Attachment,
    Attendance,
    CalendarFeed,
    Meeting,
    Vote,
)
from branchwork.members.models import Member
from branchwork.members.rules import Category
from branchwork.organizations.models import Organization

MEETING_FIELDS = (
    "kind",
    "state",
    "date",
    "start_time",
    "place",
    "topic",
    "agenda",
    "host",
    "recorder",
    "lecturer",
    "lecture_title",
    "talk_pair",
    "minutes",
    "resolutions",
    "also_counts_as",
)


def _check_kind(organization: Organization, kind: str, also: str = "") -> None:
    rule = rules.KIND_RULES[kind]
    if rule.applies_to == "party_group" and organization.org_type != "party_group":
        raise ValidationError({"kind": [_("A party group meeting is held by a party group.")]})
    if rule.applies_to != "party_group" and organization.org_type == "party_group":
        raise ValidationError(
            {"kind": [_("A party group holds party group meetings; this is the branch's.")]}
        )
    if also and also == kind:
        raise ValidationError({"also_counts_as": [_("Choose a different kind.")]})
    if also and rules.KIND_RULES[also].applies_to == "party_group":
        raise ValidationError(
            {"also_counts_as": [_("A branch meeting cannot count as a party group meeting.")]}
        )


@transaction.atomic
def meeting_save(
    *, actor: Any, organization: Organization, data: dict[str, Any], meeting: Meeting | None = None
) -> Meeting:
    """Create a meeting of ``organization`` (``meeting`` None) or change ``meeting``.

    ``data``: any of ``MEETING_FIELDS`` (a form's cleaned data). Raises ``ValidationError``
    (by field) when the kind does not fit the organization (party group meetings are held by
    party groups: 支部条例 Art. 13), a meeting in the future is recorded as held, a held party
    lecture lacks its lecturer and title, or talks lack the pair.
    """
    meeting = meeting or Meeting(organization=organization)
    _check_kind(organization, data.get("kind", meeting.kind), data.get("also_counts_as", ""))
    for name in MEETING_FIELDS:
        if name in data:
            value = data[name]
            setattr(meeting, name, "" if value is None and name not in ("start_time",) else value)
    if meeting.state == Meeting.State.HELD and meeting.date > timezone.localdate():
        raise ValidationError(
            {"date": [_("A meeting in the future can be planned, not recorded as held.")]}
        )
    if (
        meeting.kind == rules.Kind.LECTURE
        and meeting.state == Meeting.State.HELD
        and not (meeting.lecturer and meeting.lecture_title)
    ):
        raise ValidationError(
            {"lecturer": [_("A party lecture records the lecturer and the title.")]}
        )
    if meeting.kind == rules.Kind.TALK and not meeting.talk_pair:
        raise ValidationError({"talk_pair": [_("Say between whom the talks were held.")]})
    save_as(meeting, actor)
    return meeting


@transaction.atomic
def attendance_fill(*, actor: Any, meeting: Meeting) -> int:
    """Add the expected attendees (``selectors.expected_members``) who are not listed yet, as
    present, one activity line each. Returns how many were added."""
    listed = set(meeting.attendance.values_list("member_id", flat=True))
    added = 0
    for member in selectors.expected_members(meeting):
        if member.pk not in listed:
            save_as(Attendance(meeting=meeting, member=member), actor)
            added += 1
    return added


@transaction.atomic
def attendance_set(*, actor: Any, meeting: Meeting, marks: dict[int, tuple[str, str]]) -> None:
    """Mark the listed attendees: ``marks`` maps member id → (``Attendance.Presence`` value,
    reason). Ids not listed at the meeting are ignored. Raises ``ValidationError`` (one
    sentence per member) when absence with leave has no reason; the other marks are kept."""
    rows = {a.member_id: a for a in meeting.attendance.select_related("member")}
    errors = []
    for member_id, (presence, reason) in marks.items():
        row = rows.get(member_id)
        if row is None:
            continue
        if presence == Attendance.Presence.LEAVE and not reason.strip():
            errors.append(_("%(name)s: give the reason for the leave.") % {"name": row.member.name})
            continue
        if (row.presence, row.reason) != (presence, reason):
            row.presence, row.reason = presence, reason
            save_as(row, actor)
    if errors:
        raise ValidationError({"__all__": errors})


@transaction.atomic
def vote_record(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    subject: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    written_for: int = 0,
    written_against: int = 0,
) -> Vote:
    """Record a vote of a held branch general meeting (支部条例 Art. 11; elections: more than
    4/5 present, elected with more than half of those present). Those entitled and present
    come from ``selectors.vote_counts`` (the roll and the attendance); counts are numbers of
    people. ``kind`` is a ``Vote.Kind`` value. Raises ``ValidationError`` when the meeting is
    not a held general meeting, the counts are incoherent (``rules.check_count``) or there
    is no quorum."""
    if rules.Kind.GENERAL_MEETING not in meeting.kinds:
        raise ValidationError({"kind": [_("Votes are taken at a branch general meeting.")]})
    if meeting.state != Meeting.State.HELD:
        raise ValidationError({"kind": [_("Record the meeting as held first.")]})
    entitled, present = selectors.vote_counts(meeting)
    count = rules.VoteCount(
        entitled, present, votes_for, votes_against, abstentions, written_for, written_against
    )
    problems = rules.check_count(count, allow_written=kind == Vote.Kind.ADMISSION)
    if problems:
        raise ValidationError({"__all__": problems})
    if kind == Vote.Kind.ELECTION:
        result = rules.decide_election(entitled, present, votes_for)
    else:
        result = rules.decide_motion(count)
    if not result.quorum:
        raise ValidationError({"__all__": [result.sentence]})
    vote = Vote(
        meeting=meeting,
        kind=kind,
        subject=subject,
        entitled=entitled,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        written_for=written_for,
        written_against=written_against,
        quorum=result.quorum,
        passed=result.passed,
        explanation=result.sentence,
    )
    save_as(vote, actor)
    return vote


@transaction.atomic
def appraisal_record(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    grades: dict[int, str],
    meeting: Meeting | None = None,
) -> list[str]:
    """Save the year's democratic appraisal grades of ``organization``'s members: ``grades``
    maps member id → ``rules.Grade`` value ("" leaves a member ungraded); ids of other
    organizations are ignored. Raises ``ValidationError`` for an unknown grade or a graded
    probationary member (they take part but are not graded: party-rules.md §2.3). Returns
    warnings (``rules.appraisal_warnings``: excellent normally at most one third)."""
    unknown = sorted({g for g in grades.values() if g and g not in rules.Grade.values})
    if unknown:
        raise ValidationError(
            {"__all__": [_("Unknown grade: %(grades)s.") % {"grades": ", ".join(unknown)}]}
        )
    members = {m.pk: m for m in Member.objects.filter(organization=organization, pk__in=grades)}
    errors = [
        _("%(name)s is a probationary member: probationary members are not graded.")
        % {"name": m.name}
        for pk, m in members.items()
        if m.category == Category.PROBATIONARY and grades[pk]
    ]
    if errors:
        raise ValidationError({"__all__": errors})
    for pk, grade in grades.items():
        if pk not in members or not grade:
            continue
        appraisal = Appraisal.objects.filter(member_id=pk, year=year).first() or Appraisal(
            member=members[pk], year=year
        )
        if appraisal.grade != grade or appraisal.meeting != meeting:
            appraisal.grade, appraisal.meeting = grade, meeting
            save_as(appraisal, actor)
    return rules.appraisal_warnings(
        list(
            Appraisal.objects.filter(member__organization=organization, year=year).values_list(
                "grade", flat=True
            )
        )
    )


@transaction.atomic
def attachment_add(*, actor: Any, meeting: Meeting, upload: UploadedFile) -> Attachment:
    """Store a photo or document of ``meeting``. Raises ``ValidationError`` for a type or size
    the upload rules refuse (``core.uploads.checked_upload``)."""
    name, content_type = checked_upload(upload)
    return save_upload(Attachment, upload, name, content_type, actor=actor, meeting=meeting)


@transaction.atomic
def plan_year(*, actor: Any, organization: Organization, year: int) -> int:
    """Create the planned meetings of ``year`` from the rules for ``organization`` and the
    branches and party groups under it: one per period for every rule that applies, on the
    default day of ``rules.DEFAULT_DAY``, skipping periods that already have a planned or held
    meeting of that kind (for talks, one per pair type). Idempotent. Returns how many were
    created (one activity line each)."""
    created = 0
    kind_rules = selectors.active_rules()
    for entry in selectors.subtree_compliance(organization, year, dt.date(year, 1, 1)):
        target = entry.org
        existing = {
            (kind, rules.period_of(date, kind_rules[kind].frequency))
            for kind, date in Meeting.objects.filter(organization=target, date__year=year)
            .exclude(state=Meeting.State.CANCELLED)
            .values_list("kind", "date")
            if kind in kind_rules
        }
        for verdict in entry.verdicts:
            if verdict.status == rules.Status.NOT_APPLICABLE:
                continue
            rule = kind_rules[verdict.kind]
            pairs = [p.value for p in rules.TalkPair] if rule.kind == rules.Kind.TALK else [""]
            for period in rules.periods(year, rule.frequency):
                if (rule.kind, period.index) in existing:
                    continue
                date = rules.default_date(period, rule.frequency)
                for pair in pairs:
                    save_as(
                        Meeting(
                            organization=target,
                            kind=rule.kind,
                            state=Meeting.State.PLANNED,
                            date=date,
                            talk_pair=pair,
                        ),
                        actor,
                    )
                    created += 1
    return created


@transaction.atomic
def records_load(
    *, actor: Any, organization: Organization, rows: list[Meeting] | list[Attendance]
) -> int:
    """Insert many prepared meetings, or many attendance rows (all of one model), at once with
    their history rows (the demo's three years), and write one summary activity line for
    ``organization``. Returns how many were inserted. Raises ``TypeError`` for other models."""
    if not rows:
        return 0
    model = type(rows[0])
    if model not in (Meeting, Attendance) or any(type(row) is not model for row in rows):
        raise TypeError("records_load takes meetings or attendance rows, one model at a time")
    bulk_create_with_history(rows, model, batch_size=500, default_user=acting_user(actor))
    record_bulk(
        actor=actor,
        model=model,
        count=len(rows),
        organization=organization,
        note=f"{model._meta.label_lower} loaded",
    )
    return len(rows)


# --- Calendar feed -------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_rotate(*, actor: Any) -> CalendarFeed:
    """Give the signed-in ``actor`` a new secret calendar address; the old one (if any) stops
    working. The token never reaches the activity log (``CalendarFeed.audit_exclude``)."""
    old = CalendarFeed.objects.filter(user=actor).first()
    if old is not None:
        delete_as(old, actor, note="calendar address replaced")
    feed = CalendarFeed(user=actor)
    save_as(feed, actor, note="new calendar address")
    return feed
