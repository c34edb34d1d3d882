"""Reads for organizational life: meetings, the compliance engine and its roll-up, attendance,
absence flags, the voting roll, appraisals and calendar feeds.

Pages, the API and exports call the functions that take the acting ``user``: each starts from
the read door (``visible_to``) or calls ``require`` on the organization first. The few reads
that take an already-reached object (a ``Meeting`` from ``meeting_get``, an organization the
caller has checked) serve services and commands; they say so. Every function runs a fixed
number of queries whatever the tree size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require
from branchwork.meetings import rules
from branchwork.meetings.models import Appraisal, Attachment, Attendance, CalendarFeed, Meeting
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Committee, Organization


def _with_counts(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.select_related("organization").annotate(
        present=Count("attendance", filter=Q(attendance__presence="present")),
        expected=Count("attendance"),
    )


def meeting_list(*, user: Any, organization: Organization) -> QuerySet[Meeting]:
    """The meetings of ``organization`` and below that ``user`` may view (meeting.view), newest
    first, each annotated with ``present`` and ``expected`` (attendance rows). Filter it with
    ``filters.MeetingFilter``. Raises ``PermissionDenied`` without meeting.view on it."""
    require(user, Action.MEETING_VIEW, organization)
    return _with_counts(
        Meeting.objects.visible_to(user, Action.MEETING_VIEW).in_subtree(organization)
    ).order_by("-date", "-id")


def meeting_get(*, user: Any, pk: int, action: str = Action.MEETING_VIEW) -> Meeting:
    """One meeting, annotated as in ``meeting_list``, for the page and the API alike.

    Raises ``Http404`` when it is outside what ``user`` may view, ``PermissionDenied`` when it
    is in view but ``action`` (e.g. ``Action.MEETING_MANAGE``) is not allowed on its
    organization."""
    meeting = get_scoped(_with_counts(Meeting.objects.all()), user, Action.MEETING_VIEW, pk=pk)
    if action != Action.MEETING_VIEW:
        require(user, action, meeting.organization)
    return meeting


def attachment_get(*, user: Any, pk: int) -> Attachment:
    """One attachment of a meeting ``user`` may view (meeting.view); ``Http404`` otherwise."""
    return get_scoped(
        Attachment.objects.select_related("meeting__organization"),
        user,
        Action.MEETING_VIEW,
        pk=pk,
    )


def active_rules() -> dict[str, rules.KindRule]:
    """The meeting rules with this installation's frequencies (setting MEETING_FREQUENCIES)."""
    return rules.kind_rules(settings.MEETING_FREQUENCIES)


# --- Compliance ----------------------------------------------------------------------------


@dataclass
class OrgCompliance:
    org: Organization
    verdicts: list[rules.Verdict]

    @property
    def missed(self) -> int:
        return sum(1 for v in self.verdicts if v.status == rules.Status.MISSED)

    @property
    def attention(self) -> int:
        return sum(
            1 for v in self.verdicts if v.status in (rules.Status.MISSED, rules.Status.OVERDUE)
        )


def compliance_rollup(
    *, user: Any, organization: Organization, year: int, today: dt.date | None = None
) -> list[OrgCompliance]:
    """Verdicts for every branch and party group in ``organization``'s subtree for ``year``
    (rules.compliance per kind rule: 支部条例 Art. 11-13 and the local rules in
    ``rules.KIND_RULES``), in tree order. ``today`` (default: today) decides which periods
    have ended. Raises ``PermissionDenied`` without meeting.view on ``organization``."""
    require(user, Action.MEETING_VIEW, organization)
    return subtree_compliance(organization, year, today)


def subtree_compliance(
    organization: Organization, year: int, today: dt.date | None = None
) -> list[OrgCompliance]:
    """``compliance_rollup`` without the access check, for services (``plan_year``) and the
    ``compliance`` command, which have their own; pages and the API use ``compliance_rollup``.
    Five queries (organizations, committees, held meetings, planned meetings, talks)."""
    today = today or timezone.localdate()
    orgs = list(
        Organization.objects.in_subtree(organization)
        .filter(org_type__in=["branch", "party_group"])
        .order_by("path")
    )
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    committee_start: dict[int, dt.date] = {}
    for org_id, start in (
        Committee.objects.in_subtree(organization)
        .filter(term_start__lte=year_end, term_end__gte=year_start)
        .values_list("organization_id", "term_start")
    ):
        committee_start[org_id] = min(start, committee_start.get(org_id, start))

    in_year = Meeting.objects.in_subtree(organization).filter(
        date__gte=year_start, date__lte=year_end
    )
    counted = (
        in_year.filter(state=Meeting.State.HELD)
        .annotate(month=ExtractMonth("date"))
        .values_list("organization_id", "kind", "also_counts_as", "month")
        .annotate(n=Count("id"))
    )
    by_org_kind_month: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for org_id, kind, also, month, n in counted:
        by_org_kind_month[(org_id, kind)][month] += n
        if also:
            by_org_kind_month[(org_id, also)][month] += n
    planned: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for org_id, kind, date in in_year.filter(state=Meeting.State.PLANNED).values_list(
        "organization_id", "kind", "date"
    ):
        planned[(org_id, kind)].append(date)

    talks: dict[int, set[str]] = defaultdict(set)
    for org_id, pair in in_year.filter(state=Meeting.State.HELD, kind=rules.Kind.TALK).values_list(
        "organization_id", "talk_pair"
    ):
        talks[org_id].add(pair)

    kind_rules = active_rules()
    due_soon = settings.MEETING_DUE_SOON_DAYS
    result: list[OrgCompliance] = []
    for o in orgs:
        verdicts = []
        for kind, rule in kind_rules.items():
            applicable = rules.applies(rule, o.org_type, o.pk in committee_start)
            if kind == rules.Kind.TALK:
                verdicts.append(
                    rules.talk_compliance(
                        year, talks.get(o.pk, set()), today, applicable=applicable
                    )
                )
                continue
            months = by_org_kind_month.get((o.pk, kind), {})
            per_period: dict[int, int] = defaultdict(int)
            for month, n in months.items():
                per_period[rules.period_of(dt.date(year, month, 1), rule.frequency)] += n
            active_from = o.founded_on
            if rule.applies_to == "branch_with_committee" and o.pk in committee_start:
                active_from = max(filter(None, [active_from, committee_start[o.pk]]))
            verdicts.append(
                rules.compliance(
                    rule,
                    year,
                    dict(per_period),
                    sorted(planned.get((o.pk, kind), [])),
                    today,
                    applicable=applicable,
                    active_from=active_from,
                    due_soon_days=due_soon,
                )
            )
        result.append(OrgCompliance(o, verdicts))
    return result


@dataclass
class ComplianceCounts:
    """How many of the year's meeting rules are met, still in progress (under way, due soon
    or overdue) and missed; rules that do not apply are not counted."""

    met: int = 0
    in_progress: int = 0
    missed: int = 0
    # Missed or overdue: the rules that need attention (part of ``in_progress`` and ``missed``).
    attention: int = 0

    def add(self, verdicts: list[rules.Verdict]) -> None:
        """Count ``verdicts`` into these totals."""
        for verdict in verdicts:
            if verdict.status == rules.Status.NOT_APPLICABLE:
                continue
            if verdict.status == rules.Status.MET:
                self.met += 1
            elif verdict.status == rules.Status.MISSED:
                self.missed += 1
            else:
                self.in_progress += 1
            if verdict.status in (rules.Status.MISSED, rules.Status.OVERDUE):
                self.attention += 1


def compliance_figures(
    *,
    user: Any,
    organization: Organization,
    year: int,
    today: dt.date | None = None,
    rollup: list[OrgCompliance] | None = None,
) -> tuple[ComplianceCounts, dict[int, ComplianceCounts]]:
    """This year's compliance as counts for the dashboards (``dashboard.view``): the total for
    ``organization``'s subtree and per branch id (a party group's rules count for its branch),
    from the verdicts of ``compliance_rollup`` (支部条例 Art. 11-13). Counts only. Five
    queries whatever the number of branches, none when the caller passes the ``rollup`` of
    the same organization, year and day it already has (the home page). Raises
    ``PermissionDenied`` without ``dashboard.view`` on ``organization``."""
    require(user, Action.DASHBOARD_VIEW, organization)
    total = ComplianceCounts()
    per_branch: dict[int, ComplianceCounts] = {}
    if rollup is None:
        rollup = subtree_compliance(organization, year, today)
    for entry in rollup:
        branch_id = entry.org.parent_id if entry.org.org_type == "party_group" else entry.org.pk
        per_branch.setdefault(branch_id or entry.org.pk, ComplianceCounts()).add(entry.verdicts)
        total.add(entry.verdicts)
    return total, per_branch


def last_meetings(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> dict[int, dt.date]:
    """The date of the last meeting held by ``today`` per branch id of ``organization``'s
    subtree (a party group's meetings count for its branch), for the dashboards
    (``dashboard.view``); a branch with none is absent. One query. Raises
    ``PermissionDenied`` without ``dashboard.view`` on ``organization``."""
    require(user, Action.DASHBOARD_VIEW, organization)
    today = today or timezone.localdate()
    latest: dict[int, dt.date] = {}
    for org_id, org_type, parent_id, last in (
        Meeting.objects.visible_to(user, Action.DASHBOARD_VIEW)
        .in_subtree(organization)
        .filter(state=Meeting.State.HELD, date__lte=today)
        .values_list("organization_id", "organization__org_type", "organization__parent_id")
        .annotate(last=Max("date"))
    ):
        branch_id = parent_id if org_type == "party_group" and parent_id else org_id
        if branch_id not in latest or last > latest[branch_id]:
            latest[branch_id] = last
    return latest


def my_next_meeting(*, user: Any, today: dt.date | None = None) -> Meeting | None:
    """The next planned meeting, from ``today`` on, that the signed-in ``user``'s member
    record is expected at: its branch's meetings and its party group's (a committee meeting
    only when the member holds a post in the committee then in office, as in
    ``expected_members``; heart-to-heart talks, 谈心谈话, are left out: they are held pair by
    pair, so a planned talk does not say who is expected). None without a member
    record or ``meeting.view``. Three queries at most."""
    member = (
        Member.objects.filter(user=user, status__in=ON_ROLL_STATUSES).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if member is None:
        return None
    today = today or timezone.localdate()
    own = Q(organization_id=member.organization_id)
    if member.party_group_id:
        own |= Q(organization_id=member.party_group_id)
    candidates = (
        Meeting.objects.visible_to(user, Action.MEETING_VIEW)
        .filter(own, state=Meeting.State.PLANNED, date__gte=today)
        .exclude(kind=rules.Kind.TALK)
        .select_related("organization")
        .order_by("date", "start_time", "id")
    )
    posts: set[str] | None = None
    for meeting in candidates[:20]:
        if meeting.kind != rules.Kind.COMMITTEE_MEETING:
            return meeting
        if posts is None:
            posts = set(
                Committee.objects.filter(
                    organization_id=member.organization_id,
                    term_start__lte=meeting.date,
                    term_end__gte=meeting.date,
                ).values_list("posts__holder_name", flat=True)
            )
        if member.name in posts:
            return meeting
    return None


def due_this_month(
    *,
    user: Any,
    organization: Organization,
    today: dt.date | None = None,
    rollup: list[OrgCompliance] | None = None,
) -> list[tuple[Organization, rules.Verdict]]:
    """For the home page: (organization, verdict) for meetings still needed in a period that
    ends this month, and overdue ones, in ``organization``'s subtree, from ``rollup`` (the
    ``compliance_rollup`` of ``today``'s year and ``today``) or a new one. Raises
    ``PermissionDenied`` without meeting.view on ``organization``."""
    today = today or timezone.localdate()
    require(user, Action.MEETING_VIEW, organization)
    if rollup is None:
        rollup = compliance_rollup(
            user=user, organization=organization, year=today.year, today=today
        )
    rows = []
    for entry in rollup:
        for verdict in entry.verdicts:
            end = verdict.open_period_end
            if end is not None and (
                verdict.status == rules.Status.OVERDUE
                or (end.year, end.month) == (today.year, today.month)
            ):
                rows.append((entry.org, verdict))
    return rows


# --- Attendance ----------------------------------------------------------------------------


@dataclass
class MemberAttendance:
    member: Member
    expected: int = 0
    present: int = 0
    leave: int = 0
    flag: rules.AbsenceFlag | None = None
    last_taking_part: dt.date | None = None

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.expected) if self.expected else None


def attendance_report(
    *, user: Any, organization: Organization, year: int, today: dt.date | None = None
) -> list[MemberAttendance]:
    """Per member on the roll of ``organization`` and below whom ``user`` may view
    (member.view: attendance is member data): attendance at organizational life in ``year``
    and the absence flag (党章 Art. 9, ``rules.longest_absence``: the longest run of whole
    months without taking part that ends in ``year`` or later) as of ``today`` (default:
    today). Three queries: members, the first meeting recorded, and the attendance rows.
    Raises ``PermissionDenied`` without member.view on ``organization``."""
    require(user, Action.MEMBER_VIEW, organization)
    today = today or timezone.localdate()
    members = list(
        Member.objects.visible_to(user, Action.MEMBER_VIEW)
        .in_subtree(organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .order_by("name_pinyin")
    )
    # Counting starts at the later of admission and the first meeting recorded here: a roster
    # imported today is not "absent" for the years before Branchwork kept its meetings.
    first_meeting = (
        Meeting.objects.in_subtree(organization)
        .filter(state=Meeting.State.HELD)
        .aggregate(first=Min("date"))["first"]
        or today
    )
    counted_from = {m.pk: max(m.admitted_on, first_meeting) for m in members}
    report = {m.pk: MemberAttendance(m, last_taking_part=counted_from[m.pk]) for m in members}
    taking_part: dict[int, list[dt.date]] = defaultdict(list)
    life_kinds = [k for k, r in rules.KIND_RULES.items() if r.counts_as_org_life]
    rows = Attendance.objects.filter(
        member__in=report.keys(),
        meeting__state=Meeting.State.HELD,
        meeting__kind__in=life_kinds,
        meeting__date__lte=today,
    ).values_list("member_id", "presence", "meeting__date")
    for member_id, presence, date in rows:
        entry = report[member_id]
        if date.year == year:
            entry.expected += 1
            entry.present += presence == Attendance.Presence.PRESENT
            entry.leave += presence == Attendance.Presence.LEAVE
        # Taking part, or being excused for a valid reason, resets the count.
        if presence in (Attendance.Presence.PRESENT, Attendance.Presence.LEAVE) and (
            entry.last_taking_part is None or date > entry.last_taking_part
        ):
            entry.last_taking_part = date
        if presence in (Attendance.Presence.PRESENT, Attendance.Presence.LEAVE):
            taking_part[member_id].append(date)
    # The longest run of whole months without taking part (党章 Art. 9), not only the latest;
    # runs that ended before ``year`` are history already decided on, so they do not flag.
    for pk, entry in report.items():
        flag = rules.longest_absence(taking_part[pk], counted_from[pk], today)
        if flag is not None and (flag.until is None or flag.until.year >= year):
            entry.flag = flag
    return list(report.values())


def absence_flags(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> list[MemberAttendance]:
    """The rows of this year's ``attendance_report`` that carry an absence flag (home page)."""
    today = today or timezone.localdate()
    report = attendance_report(user=user, organization=organization, year=today.year, today=today)
    return [r for r in report if r.flag]


# --- Rosters: expected attendees, the voting roll, appraisals -------------------------------
# These take a meeting the caller reached through ``meeting_get`` (or an organization it has
# checked): the meeting is the proof of access. Services call them while writing.


def expected_members(meeting: Meeting) -> list[Member]:
    """The roster on the meeting's date: members on the roll admitted by then, of the branch
    (or of the party group), or, for a committee meeting, the members who hold a post in the
    committee then in office (支部条例 Art. 12)."""
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


def voting_roll(organization: Organization, on: dt.date) -> tuple[int, list[Member]]:
    """应到会有表决权 on a date: (how many, the members) of ``organization`` itself who were
    full members by then, in a voting status and not under 留党察看 that day
    (``rules.VOTING_STATUSES``; 党章 Art. 7 and 40, 支部条例 Art. 11)."""
    members = list(
        Member.objects.filter(
            organization=organization,
            converted_on__lte=on,
            status__in=rules.VOTING_STATUSES,
        ).exclude(disciplinary_probation_until__gte=on)
    )
    return len(members), members


def vote_counts(meeting: Meeting) -> tuple[int, int]:
    """(entitled, entitled and present) at ``meeting``: the voting roll on its date and the
    recorded attendance (支部条例 Art. 11 counts quorum and majority among the entitled)."""
    entitled, voters = voting_roll(meeting.organization, meeting.date)
    present = meeting.attendance.filter(
        member__in=voters, presence=Attendance.Presence.PRESENT
    ).count()
    return entitled, present


def appraisal_roster(*, user: Any, organization: Organization) -> list[Member]:
    """The members of ``organization`` itself on the roll whom ``user`` may view, by pinyin:
    the people a democratic appraisal lists (probationary members take part but are not
    graded: ``services.appraisal_record`` refuses their grades). ``PermissionDenied`` without
    member.view (grades are member data)."""
    require(user, Action.MEMBER_VIEW, organization)
    return list(
        Member.objects.visible_to(user, Action.MEMBER_VIEW)
        .filter(organization=organization, status__in=ON_ROLL_STATUSES)
        .order_by("name_pinyin")
    )


def appraisal_grades(*, user: Any, organization: Organization, year: int) -> dict[int, str]:
    """Member id → grade of ``year`` for members of ``organization`` and below whom ``user``
    may view (member.view). ``PermissionDenied`` without member.view on it."""
    require(user, Action.MEMBER_VIEW, organization)
    return dict(
        Appraisal.objects.visible_to(user, Action.MEMBER_VIEW)
        .in_subtree(organization)
        .filter(year=year)
        .values_list("member_id", "grade")
    )


# --- Calendar feed -------------------------------------------------------------------------


def calendar_feed_of(*, user: Any) -> CalendarFeed | None:
    """The user's own calendar feed (its secret address), or None when none was made."""
    if not getattr(user, "is_authenticated", False):
        return None
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed whose secret ``token`` this is, if its user is still active (else None): the
    token is the key of the feed address, which calendar programs read without signing in."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed
