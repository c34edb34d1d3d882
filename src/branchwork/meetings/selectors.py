"""Reads for organizational life: meetings, the compliance engine and its roll-up, attendance
and absence flags. Every function runs a fixed number of queries whatever the tree size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, scope
from branchwork.meetings import rules
from branchwork.meetings.models import Appraisal, Attendance, Meeting
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Committee, Organization


def meetings_visible(user: Any, action: str = Action.MEETING_VIEW) -> QuerySet[Meeting]:
    return scope(Meeting.objects.all(), user, action)


def meeting_list(user: Any, org: Organization) -> QuerySet[Meeting]:
    return (
        meetings_visible(user)
        .filter(organization__path__startswith=org.path)
        .select_related("organization")
        .annotate(
            present=Count("attendance", filter=Q(attendance__presence="present")),
            expected=Count("attendance"),
        )
        .order_by("-date", "-id")
    )


def meeting_get(user: Any, pk: int) -> Meeting:
    return get_scoped(
        Meeting.objects.select_related("organization"), user, Action.MEETING_VIEW, pk=pk
    )


def active_rules() -> dict[str, rules.KindRule]:
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
    org: Organization, year: int, today: dt.date | None = None
) -> list[OrgCompliance]:
    """Verdicts for every branch and party group in ``org``'s subtree for ``year``: five
    queries (organizations, committees, held meetings, planned meetings, talks)."""
    today = today or timezone.localdate()
    orgs = list(
        Organization.objects.filter(
            path__startswith=org.path, org_type__in=["branch", "party_group"]
        ).order_by("path")
    )
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    committee_start: dict[int, dt.date] = {}
    for org_id, start in Committee.objects.filter(
        organization__path__startswith=org.path,
        term_start__lte=year_end,
        term_end__gte=year_start,
    ).values_list("organization_id", "term_start"):
        committee_start[org_id] = min(start, committee_start.get(org_id, start))

    counted = (
        Meeting.objects.filter(
            organization__path__startswith=org.path,
            state=Meeting.State.HELD,
            date__gte=year_start,
            date__lte=year_end,
        )
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
    for org_id, kind, date in Meeting.objects.filter(
        organization__path__startswith=org.path,
        state=Meeting.State.PLANNED,
        date__gte=year_start,
        date__lte=year_end,
    ).values_list("organization_id", "kind", "date"):
        planned[(org_id, kind)].append(date)

    talks: dict[int, set[str]] = defaultdict(set)
    for org_id, pair in Meeting.objects.filter(
        organization__path__startswith=org.path,
        state=Meeting.State.HELD,
        kind=rules.Kind.TALK,
        date__gte=year_start,
        date__lte=year_end,
    ).values_list("organization_id", "talk_pair"):
        talks[org_id].add(pair)

    kind_rules = active_rules()
    due_soon = settings.MEETING_DUE_SOON_DAYS
    result = []
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


def due_this_month(
    org: Organization, today: dt.date | None = None
) -> list[tuple[Organization, rules.Verdict]]:
    """For the home page: meetings still needed in a period that ends this month, and
    overdue ones, for the organization and its party groups."""
    today = today or timezone.localdate()
    rows = []
    for entry in compliance_rollup(org, today.year, today):
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
    org: Organization, year: int, today: dt.date | None = None
) -> list[MemberAttendance]:
    """Per member on the roll: attendance in ``year`` and the absence flag (党章 Art. 9). Three
    queries: members, the first meeting recorded, and the attendance rows."""
    today = today or timezone.localdate()
    members = list(
        Member.objects.filter(
            organization__path__startswith=org.path, status__in=ON_ROLL_STATUSES
        ).order_by("name_pinyin")
    )
    # Counting starts at the later of admission and the first meeting recorded here: a roster
    # imported today is not "absent" for the years before Branchwork kept its meetings.
    first_meeting = (
        Meeting.objects.filter(
            organization__path__startswith=org.path, state=Meeting.State.HELD
        ).aggregate(first=Min("date"))["first"]
        or today
    )
    report = {
        m.pk: MemberAttendance(m, last_taking_part=max(m.admitted_on, first_meeting))
        for m in members
    }
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
    for entry in report.values():
        if entry.last_taking_part:
            entry.flag = rules.absence_flag(entry.last_taking_part, today)
    return list(report.values())


def voting_roll(org: Organization, on: dt.date) -> tuple[int, list[Member]]:
    """应到会有表决权 on a date: members who were full members by then (converted on or
    before it), on the roll and not suspended, and not under 留党察看 on that date."""
    members = list(
        Member.objects.filter(
            organization=org,
            converted_on__lte=on,
            status__in=["normal", "mobile", "lost_contact"],
        ).exclude(disciplinary_probation_until__gte=on)
    )
    return len(members), members


def appraisals_of(org: Organization, year: int) -> QuerySet[Appraisal]:
    return Appraisal.objects.filter(
        member__organization__path__startswith=org.path, year=year
    ).select_related("member")
