"""Every write to meetings: plans, records, attendance, votes, appraisals, attachments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import save_as
from branchwork.core.uploads import checked_upload, save_upload
from branchwork.meetings import rules, selectors
from branchwork.meetings.models import Appraisal, Attachment, Attendance, Meeting, Vote
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES, Category
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

# Where a planned meeting falls by default within its period: (month offset, day).
DEFAULT_DAY = {"monthly": (0, 15), "quarterly": (1, 20), "half_yearly": (4, 20), "yearly": (11, 10)}

# Attachment types: extension -> (content type, first bytes of the file).


_save = save_as


def _check_kind(org: Organization, kind: str, also: str = "") -> None:
    rule = rules.KIND_RULES[kind]
    if rule.applies_to == "party_group" and org.org_type != "party_group":
        raise ValidationError({"kind": [_("A party group meeting is held by a party group.")]})
    if rule.applies_to != "party_group" and org.org_type == "party_group":
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
    _save(meeting, actor)
    return meeting


def expected_members(meeting: Meeting) -> list[Member]:
    """The roster on the meeting's date: the branch's members (or the party group's), or, for
    a committee meeting, the members who hold a post in the committee then in office."""
    org = meeting.organization
    on_roll = Member.objects.filter(status__in=ON_ROLL_STATUSES, admitted_on__lte=meeting.date)
    if org.org_type == "party_group":
        return list(on_roll.filter(party_group=org))
    members = on_roll.filter(organization=org)
    if meeting.kind == rules.Kind.COMMITTEE_MEETING:
        names = set(
            org.committees.filter(
                term_start__lte=meeting.date, term_end__gte=meeting.date
            ).values_list("posts__holder_name", flat=True)
        )
        members = members.filter(name__in=names)
    return list(members)


@transaction.atomic
def attendance_fill(*, actor: Any, meeting: Meeting) -> int:
    """Add the expected attendees who are not listed yet, as present. Returns how many."""
    listed = set(meeting.attendance.values_list("member_id", flat=True))
    added = 0
    for member in expected_members(meeting):
        if member.pk not in listed:
            _save(Attendance(meeting=meeting, member=member), actor)
            added += 1
    return added


@transaction.atomic
def attendance_set(*, actor: Any, meeting: Meeting, marks: dict[int, tuple[str, str]]) -> None:
    """``marks`` maps member id → (presence, reason). Absence with leave needs a reason."""
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
            _save(row, actor)
    if errors:
        raise ValidationError({"__all__": errors})


def vote_counts(meeting: Meeting) -> tuple[int, int]:
    """(entitled, entitled and present) from the voting roll and the recorded attendance."""
    entitled, voters = selectors.voting_roll(meeting.organization, meeting.date)
    present = meeting.attendance.filter(
        member__in=voters, presence=Attendance.Presence.PRESENT
    ).count()
    return entitled, present


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
    """Record a vote of a branch general meeting. Those entitled and present come from the
    roll and the attendance; a vote without a quorum is refused."""
    if rules.Kind.GENERAL_MEETING not in meeting.kinds:
        raise ValidationError({"kind": [_("Votes are taken at a branch general meeting.")]})
    if meeting.state != Meeting.State.HELD:
        raise ValidationError({"kind": [_("Record the meeting as held first.")]})
    entitled, present = vote_counts(meeting)
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
    _save(vote, actor)
    return vote


@transaction.atomic
def appraisal_record(
    *,
    actor: Any,
    org: Organization,
    year: int,
    grades: dict[int, str],
    meeting: Meeting | None = None,
) -> list[str]:
    """Save the year's grades (member id → grade). Probationary members take part but are
    not graded. Returns warnings (excellent above one third)."""
    unknown = sorted({g for g in grades.values() if g and g not in rules.Grade.values})
    if unknown:
        raise ValidationError(
            {"__all__": [_("Unknown grade: %(grades)s.") % {"grades": ", ".join(unknown)}]}
        )
    members = {m.pk: m for m in Member.objects.filter(organization=org, pk__in=grades)}
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
            _save(appraisal, actor)
    return rules.appraisal_warnings(
        list(
            Appraisal.objects.filter(member__organization=org, year=year).values_list(
                "grade", flat=True
            )
        )
    )


@transaction.atomic
def attachment_add(*, actor: Any, meeting: Meeting, upload: UploadedFile) -> Attachment:
    name, content_type = checked_upload(upload)
    return save_upload(Attachment, upload, name, content_type, actor=actor, meeting=meeting)


@transaction.atomic
def plan_year(*, actor: Any, org: Organization, year: int) -> int:
    """Create the planned meetings of ``year`` from the rules for the organization and its
    party groups: one per period for every rule that applies, skipping periods that already
    have a planned or held meeting of that kind. Idempotent. Returns how many were created."""
    created = 0
    kind_rules = selectors.active_rules()
    for entry in selectors.compliance_rollup(org, year, dt.date(year, 1, 1)):
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
            offset, day = DEFAULT_DAY[rule.frequency]
            pairs = [p.value for p in rules.TalkPair] if rule.kind == rules.Kind.TALK else [""]
            for period in rules.periods(year, rule.frequency):
                if (rule.kind, period.index) in existing:
                    continue
                date = dt.date(year, period.start.month + offset, day)
                for pair in pairs:
                    _save(
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
