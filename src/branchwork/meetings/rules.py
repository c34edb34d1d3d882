"""Organizational life as data and pure functions: meeting kinds and frequencies, the
compliance verdict per period, votes and elections, appraisal, absence from party life.

Sources (shared/specs/party-rules.md):
- §2.2: 支部条例 (2018) Art. 11 (党员大会 once a quarter; quorum and majority of those
  entitled), Art. 12 (支委会 once a month), Art. 13 (党小组会 once a month); 党课 frequency is
  set locally (commonly once a quarter: a setting).
- §2.3: 主题党日 once a month; 组织生活会 and 民主评议党员 at least once a year; 谈心谈话 at least
  once a year for each pair type; appraisal grades, "优秀 normally at most one third",
  probationary members take part but are not graded.
- §2.4: elections: more than 4/5 of those entitled present; elected with more than half of
  those present.
- §1.4 and 党章 Art. 9: six consecutive months without taking part in organizational life
  without a valid reason is treated as leaving the party — the branch general meeting
  decides; the system only raises the case (early warning at 3 months).
No database access here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import models
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from branchwork.core.levels import Level


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("twice a year")
    YEARLY = "yearly", _("yearly")


PERIODS_PER_YEAR = {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1}


class Kind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("Branch general meeting")
    COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")
    GROUP_MEETING = "group_meeting", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    PARTY_DAY = "party_day", _("Themed party day")
    ORG_LIFE = "org_life", _("Organizational life meeting")
    APPRAISAL = "appraisal", _("Democratic appraisal of members")
    TALK = "talk", _("Heart-to-heart talks")


class TalkPair(models.TextChoices):
    COMMITTEE_COMMITTEE = "committee_committee", _("between committee members")
    COMMITTEE_MEMBER = "committee_member", _("between committee members and members")
    MEMBER_MEMBER = "member_member", _("between members")


@dataclass(frozen=True)
class KindRule:
    kind: str
    frequency: str
    applies_to: str  # "branch", "branch_with_committee" or "party_group"
    source: StrOrPromise  # shown to users: a translatable string (支部条例第十一条 in Chinese)
    counts_as_org_life: bool = True  # taking part counts as organizational life (党章 Art. 9)


# Default frequencies. Override per installation with MEETING_FREQUENCIES (README).
KIND_RULES: dict[str, KindRule] = {
    Kind.GENERAL_MEETING: KindRule(
        Kind.GENERAL_MEETING, "quarterly", "branch", _("支部条例 Art. 11")
    ),
    Kind.COMMITTEE_MEETING: KindRule(
        Kind.COMMITTEE_MEETING,
        "monthly",
        "branch_with_committee",
        _("支部条例 Art. 12"),
    ),
    Kind.GROUP_MEETING: KindRule(
        Kind.GROUP_MEETING, "monthly", "party_group", _("支部条例 Art. 13")
    ),
    Kind.LECTURE: KindRule(
        Kind.LECTURE,
        "quarterly",
        "branch",
        _("local rule, commonly once a quarter (a setting)"),
    ),
    Kind.PARTY_DAY: KindRule(Kind.PARTY_DAY, "monthly", "branch", _("主题党日, once a month")),
    Kind.ORG_LIFE: KindRule(Kind.ORG_LIFE, "yearly", "branch", _("支部条例 Art. 17")),
    Kind.APPRAISAL: KindRule(Kind.APPRAISAL, "yearly", "branch", _("民主评议党员, once a year")),
    Kind.TALK: KindRule(
        Kind.TALK,
        "yearly",
        "branch",
        _("谈心谈话, each pair type once a year"),
        counts_as_org_life=False,
    ),
}


def _frequency_set_locally(source: StrOrPromise) -> str:
    return gettext("%(source)s — frequency set locally") % {"source": source}


_lazy_frequency_set_locally = lazy(_frequency_set_locally, str)


def kind_rules(overrides: dict[str, str] | None = None) -> dict[str, KindRule]:
    """``KIND_RULES`` with the installation's frequency overrides applied (``overrides`` maps a
    ``Kind`` value to a ``Frequency`` value: the setting MEETING_FREQUENCIES). Raises
    ``ValueError`` for an unknown kind or frequency."""
    rules = dict(KIND_RULES)
    for kind, frequency in (overrides or {}).items():
        if kind not in rules:
            raise ValueError(f"unknown meeting kind {kind!r}")
        if frequency not in PERIODS_PER_YEAR:
            raise ValueError(f"unknown frequency {frequency!r} for {kind}")
        base = rules[kind]
        rules[kind] = KindRule(
            base.kind,
            frequency,
            base.applies_to,
            _lazy_frequency_set_locally(base.source),
            base.counts_as_org_life,
        )
    return rules


def applies(rule: KindRule, org_type: str, has_committee: bool) -> bool:
    """Does ``rule`` bind an organization of ``org_type`` ("branch", "party_group", …)?

    ``has_committee``: whether a branch committee is in office in the year (支部条例 Art. 12:
    committee meetings bind branches that have a committee). Party group rules bind party
    groups only (支部条例 Art. 13); every other rule binds branches.
    """
    if rule.applies_to == "party_group":
        return org_type == "party_group"
    if org_type != "branch":
        return False
    return rule.applies_to == "branch" or has_committee


# --- Periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    index: int  # 1-based within the year
    start: dt.date
    end: dt.date  # inclusive

    def label(self, frequency: str) -> str:
        """The period in the active language: "2026-03" / "2026年3月", "2026 Q1" /
        "2026年第一季度", "2026 H1" / "2026年上半年", "2026" / "2026年"."""
        if frequency == "monthly":
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        if frequency == "quarterly":
            return str(QUARTER_LABELS[self.index - 1]) % {"year": self.start.year}
        if frequency == "half_yearly":
            return str(HALF_LABELS[self.index - 1]) % {"year": self.start.year}
        return pgettext("period: a whole year", "%(year)d") % {"year": self.start.year}


QUARTER_LABELS = (
    _("%(year)d Q1"),
    _("%(year)d Q2"),
    _("%(year)d Q3"),
    _("%(year)d Q4"),
)
HALF_LABELS = (_("%(year)d H1"), _("%(year)d H2"))


def join_list(items) -> str:
    """Items of a sentence joined in the active language: "a, b" in English, "a、b" in
    Chinese."""
    return pgettext("list separator", ", ").join(str(i) for i in items)


def periods(year: int, frequency: str) -> list[Period]:
    """The periods of ``year`` for a ``Frequency`` value, in order, covering the year without
    gaps (``KeyError`` for an unknown frequency)."""
    count = PERIODS_PER_YEAR[frequency]
    months = 12 // count
    result = []
    for i in range(count):
        first_month = i * months + 1
        last_month = first_month + months - 1
        result.append(
            Period(
                i + 1,
                dt.date(year, first_month, 1),
                dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
            )
        )
    return result


def period_of(day: dt.date, frequency: str) -> int:
    """The 1-based index of the period of ``frequency`` that contains ``day``."""
    months = 12 // PERIODS_PER_YEAR[frequency]
    return (day.month - 1) // months + 1


# Where a planned meeting falls by default within its period, per frequency: (months after the
# period's first month, day of the month). Not a regulation: local practice for the plan of the
# year (mid-month for monthly meetings, the middle of the quarter or half-year, 10 December for
# yearly meetings so that they come before the year's report); the branch moves a plan freely.
DEFAULT_DAY: dict[str, tuple[int, int]] = {
    "monthly": (0, 15),
    "quarterly": (1, 20),
    "half_yearly": (4, 20),
    "yearly": (11, 10),
}


def default_date(period: Period, frequency: str) -> dt.date:
    """The date a meeting is planned on by default in ``period`` (see ``DEFAULT_DAY``)."""
    offset, day = DEFAULT_DAY[frequency]
    return dt.date(period.start.year, period.start.month + offset, day)


# --- Compliance ----------------------------------------------------------------------------


class Status(models.TextChoices):
    MET = "met", _("met")
    # Under way: the year's requirement is not met yet, but nothing is late or due soon.
    IN_PROGRESS = "in_progress", _("in progress")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    MISSED = "missed", _("missed")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


DUE_SOON_DAYS = 10  # default; the setting MEETING_DUE_SOON_DAYS overrides it


@dataclass(frozen=True)
class Verdict:
    kind: str
    required: int
    held: int
    status: str
    reason: str
    missed_periods: tuple[str, ...] = ()
    # End of the current period when it has no meeting yet (None otherwise).
    open_period_end: dt.date | None = None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def compliance(
    rule: KindRule,
    year: int,
    held_periods: dict[int, int],
    planned_dates: list[dt.date],
    today: dt.date,
    *,
    applicable: bool = True,
    active_from: dt.date | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
) -> Verdict:
    """The verdict for one rule, one organization, one year.

    ``held_periods`` maps period index → meetings held in it; ``planned_dates`` are planned
    (not yet held) meetings of the kind this year; ``active_from`` is when the organization
    (or its committee) began, so periods before it are not required.

    The status: ``missed`` when a period has ended without a meeting; ``met`` only when every
    required period of the year has one (so met implies held >= required); otherwise, for the
    current period without a meeting, ``overdue`` (a planned date in it has passed),
    ``due_soon`` (it ends within ``due_soon_days``) or ``in_progress``; ``in_progress`` too
    when the current period is held and later ones are still to come.
    """
    label = str(Kind(rule.kind).label)
    frequency_label = str(Frequency(rule.frequency).label)
    held = sum(held_periods.values())
    if not applicable:
        return Verdict(
            rule.kind,
            0,
            held,
            Status.NOT_APPLICABLE,
            gettext("%(kind)s: does not apply to this organization (%(source)s).")
            % {"kind": label, "source": rule.source},
        )
    all_periods = [
        p for p in periods(year, rule.frequency) if active_from is None or p.end >= active_from
    ]
    required = len(all_periods)
    if required == 0:
        return Verdict(
            rule.kind,
            0,
            held,
            Status.NOT_APPLICABLE,
            gettext("%(kind)s: the organization did not exist yet in %(year)d.")
            % {"kind": label, "year": year},
        )
    ended = [p for p in all_periods if p.end < today]
    missed = tuple(p.label(rule.frequency) for p in ended if not held_periods.get(p.index))
    base = gettext("%(kind)s is required %(frequency)s (%(source)s); %(held)d held in %(year)d") % {
        "kind": label,
        "frequency": frequency_label,
        "source": rule.source,
        "held": held,
        "year": year,
    }
    current = next((p for p in all_periods if p.start <= today <= p.end), None)
    open_end = current.end if current and not held_periods.get(current.index) else None
    if missed:
        return Verdict(
            rule.kind,
            required,
            held,
            Status.MISSED,
            gettext("Missed: %(base)s; none in %(periods)s.")
            % {"base": base, "periods": join_list(missed)},
            missed,
            open_period_end=open_end,
        )
    # Met only when every required period of the year has its meeting: a rule whose
    # requirement is not (yet) fulfilled never shows "met".
    if all(held_periods.get(p.index) for p in all_periods):
        return Verdict(
            rule.kind, required, held, Status.MET, gettext("Met: %(base)s.") % {"base": base}
        )
    if current is not None and open_end is not None:
        period_label = current.label(rule.frequency)
        overdue = [d for d in planned_dates if current.start <= d < today]
        if overdue:
            return Verdict(
                rule.kind,
                required,
                held,
                Status.OVERDUE,
                gettext(
                    "Overdue: %(base)s; the meeting planned for %(date)s in %(period)s is not "
                    "recorded."
                )
                % {"base": base, "date": date_format(overdue[0]), "period": period_label},
                open_period_end=open_end,
            )
        values = {"base": base, "period": period_label, "end": date_format(current.end)}
        if (current.end - today).days < due_soon_days:
            return Verdict(
                rule.kind,
                required,
                held,
                Status.DUE_SOON,
                gettext("Due soon: %(base)s; %(period)s ends on %(end)s with none yet.") % values,
                open_period_end=open_end,
            )
        return Verdict(
            rule.kind,
            required,
            held,
            Status.IN_PROGRESS,
            gettext("In progress: %(base)s; %(period)s ends on %(end)s with none yet.") % values,
            open_period_end=open_end,
        )
    return Verdict(
        rule.kind,
        required,
        held,
        Status.IN_PROGRESS,
        gettext("In progress: %(base)s; nothing is late.") % {"base": base},
        open_period_end=open_end,
    )


def talk_compliance(
    year: int, pairs_held: set[str], today: dt.date, *, applicable: bool = True
) -> Verdict:
    """谈心谈话: each pair type at least once a year (party-rules.md §2.3)."""
    rule = KIND_RULES[Kind.TALK]
    required = len(TalkPair.values)
    held = len(pairs_held & set(TalkPair.values))
    if not applicable:
        return Verdict(
            Kind.TALK,
            0,
            held,
            Status.NOT_APPLICABLE,
            gettext("%(kind)s: does not apply to this organization (%(source)s).")
            % {"kind": str(Kind.TALK.label), "source": rule.source},
        )
    missing = [str(TalkPair(p).label) for p in TalkPair.values if p not in pairs_held]
    base = gettext(
        "Heart-to-heart talks are required each year for each pair type (%(source)s); "
        "%(held)d of %(required)d pair types held in %(year)d"
    ) % {"source": rule.source, "held": held, "required": required, "year": year}
    year_end = dt.date(year, 12, 31)
    if not missing:
        return Verdict(
            Kind.TALK, required, held, Status.MET, gettext("Met: %(base)s.") % {"base": base}
        )
    detail = join_list(missing)
    if year_end < today:
        return Verdict(
            Kind.TALK,
            required,
            held,
            Status.MISSED,
            gettext("Missed: %(base)s; none %(pairs)s.") % {"base": base, "pairs": detail},
            (str(year),),
        )
    if today.year == year and (year_end - today).days < 31:
        return Verdict(
            Kind.TALK,
            required,
            held,
            Status.DUE_SOON,
            gettext("Due soon: %(base)s; still to hold: %(pairs)s.")
            % {"base": base, "pairs": detail},
            open_period_end=year_end,
        )
    return Verdict(
        Kind.TALK,
        required,
        held,
        Status.IN_PROGRESS,
        gettext("In progress: %(base)s; still to hold: %(pairs)s.")
        % {"base": base, "pairs": detail},
        open_period_end=year_end if today.year == year else None,
    )


# --- Votes and elections -------------------------------------------------------------------


@dataclass(frozen=True)
class VoteCount:
    entitled: int  # members entitled to vote (应到会有表决权)
    present: int  # of them, present
    votes_for: int
    votes_against: int = 0
    abstentions: int = 0
    written_for: int = 0  # written opinions of absent entitled members (admission votes)
    written_against: int = 0


@dataclass(frozen=True)
class VoteResult:
    quorum: bool
    passed: bool
    needed: Decimal  # "more than" this number of votes
    sentence: str


def _half(n: int) -> Decimal:
    return Decimal(n) / 2


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_count(count: VoteCount, *, allow_written: bool) -> list[str]:
    """Inconsistent counts, as sentences (empty when the count is coherent)."""
    problems = []
    if (
        min(
            count.entitled,
            count.present,
            count.votes_for,
            count.votes_against,
            count.abstentions,
            count.written_for,
            count.written_against,
        )
        < 0
    ):
        problems.append(gettext("Counts cannot be negative."))
    if count.present > count.entitled:
        problems.append(
            gettext("%(present)d present is more than the %(entitled)d entitled to vote.")
            % {"present": count.present, "entitled": count.entitled}
        )
    if count.votes_for + count.votes_against + count.abstentions > count.present:
        problems.append(
            gettext("%(cast)d votes cast is more than the %(present)d present.")
            % {
                "cast": count.votes_for + count.votes_against + count.abstentions,
                "present": count.present,
            }
        )
    written = count.written_for + count.written_against
    if written and not allow_written:
        problems.append(gettext("Written opinions count only in votes on admitting members."))
    if count.present + written > count.entitled:
        problems.append(
            gettext(
                "%(written)d written opinions and %(present)d present exceed the %(entitled)d "
                "entitled: written opinions come only from entitled members who are absent."
            )
            % {"written": written, "present": count.present, "entitled": count.entitled}
        )
    return problems


def decide_motion(count: VoteCount) -> VoteResult:
    """A branch general meeting vote (支部条例 Art. 11): valid with more than half of those
    entitled present; passed with votes for (written opinions included) more than half of
    those entitled — not of those present."""
    needed = _half(count.entitled)
    quorum = Decimal(count.present) > needed
    total_for = count.votes_for + count.written_for
    if not quorum:
        sentence = gettext(
            "No quorum: %(present)d of %(entitled)d entitled present, more than %(needed)s "
            "needed; the vote is not valid."
        ) % {"present": count.present, "entitled": count.entitled, "needed": _fmt(needed)}
        return VoteResult(False, False, needed, sentence)
    passed = Decimal(total_for) > needed
    written = (
        gettext(" (%(n)d of them in writing)") % {"n": count.written_for}
        if count.written_for
        else ""
    )
    values = {
        "for": total_for,
        "written": written,
        "entitled": count.entitled,
        "needed": _fmt(needed),
    }
    if passed:
        sentence = (
            gettext(
                "Passed: %(for)d for%(written)s, %(entitled)d entitled, "
                "more than %(needed)s needed."
            )
            % values
        )
    else:
        sentence = (
            gettext(
                "Not passed: %(for)d for%(written)s, %(entitled)d entitled, more than %(needed)s "
                "needed."
            )
            % values
        )
    return VoteResult(True, passed, needed, sentence)


ELECTION_QUORUM = Fraction(4, 5)


def decide_election(entitled: int, present: int, votes: int) -> VoteResult:
    """An election (party-rules.md §2.4): valid with more than 4/5 of those entitled present;
    a candidate is elected with more than half of those present."""
    quorum_needed = Decimal(entitled) * 4 / 5
    if not Fraction(present) > ELECTION_QUORUM * entitled:
        return VoteResult(
            False,
            False,
            _half(present),
            gettext(
                "No quorum for an election: %(present)d of %(entitled)d present, more than "
                "%(needed)s (4/5) needed."
            )
            % {"present": present, "entitled": entitled, "needed": _fmt(quorum_needed)},
        )
    needed = _half(present)
    elected = Decimal(votes) > needed
    values = {"votes": votes, "present": present, "needed": _fmt(needed)}
    sentence = (
        gettext("Elected: %(votes)d votes, %(present)d present, more than %(needed)s needed.")
        if elected
        else gettext(
            "Not elected: %(votes)d votes, %(present)d present, more than %(needed)s needed."
        )
    ) % values
    return VoteResult(True, elected, needed, sentence)


# --- Democratic appraisal ------------------------------------------------------------------


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


EXCELLENT_SHARE = Fraction(1, 3)


def appraisal_warnings(grades: list[str]) -> list[str]:
    """Warnings for a year's grades (``Grade`` values, one per graded member): excellent above
    one third of those graded (民主评议党员: "优秀 normally at most one third",
    party-rules.md §2.3). An empty list when the grades are within the norm."""
    excellent = grades.count(Grade.EXCELLENT)
    if grades and Fraction(excellent, len(grades)) > EXCELLENT_SHARE:
        return [
            gettext(
                "%(n)d of %(total)d graded excellent: excellent is normally at most one third "
                "(at most %(max)d here)."
            )
            % {"n": excellent, "total": len(grades), "max": len(grades) // 3}
        ]
    return []


# --- Voting roll ---------------------------------------------------------------------------

# Who is entitled to vote (应到会有表决权): full members only (党章 Art. 7: probationary members
# have the rights of members except voting and being elected), whose membership is not
# suspended (停止党籍: "stopped" stays on the roll without the rights of a member), and not
# under 留党察看 on the day (党章 Art. 40: no right to vote or to be elected during it). 支部条例
# Art. 11 counts quorum and majority among these "members entitled to vote". Mobile and
# lost-contact members keep their rights and count in the roll.
# selectors.voting_roll applies the three conditions in one query.
VOTING_STATUSES: frozenset[str] = frozenset({"normal", "mobile", "lost_contact"})

# --- Calendar feed -------------------------------------------------------------------------

# How far the iCalendar feed reaches, in days before and after today. Not a regulation: a year
# back keeps last year's meetings in a phone's calendar; two years ahead covers every plan
# (plans are made for one working year at a time, see ``DEFAULT_DAY``).
ICAL_DAYS_BACK = 365
ICAL_DAYS_AHEAD = 730


def ical_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last dates (both included) of meetings the calendar feed lists."""
    return today - dt.timedelta(days=ICAL_DAYS_BACK), today + dt.timedelta(days=ICAL_DAYS_AHEAD)


# --- Absence from organizational life (党章 Art. 9) -----------------------------------------

ABSENCE_CASE_MONTHS = 6
ABSENCE_WARNING_MONTHS = 3


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s month."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@dataclass(frozen=True)
class AbsenceFlag:
    months: int
    level: Level  # Level.CASE (six months: 党章 Art. 9) or Level.WARNING (three months)
    since: dt.date
    until: dt.date | None = None  # when the member took part again (None: still absent)


def absence_flag(last_taking_part: dt.date, today: dt.date) -> AbsenceFlag | None:
    """``last_taking_part`` is the last date the member took part in organizational life or
    was excused for a valid reason (or joined). Months counted are full months since then.

    Returns None below ``ABSENCE_WARNING_MONTHS``; a flag with ``Level.WARNING`` from three
    full months, ``Level.CASE`` from six (党章 Art. 9: the branch general meeting decides; the
    system only raises the case).
    """
    months = months_between(last_taking_part, today) - 1
    if months >= ABSENCE_CASE_MONTHS:
        return AbsenceFlag(months, Level.CASE, last_taking_part)
    if months >= ABSENCE_WARNING_MONTHS:
        return AbsenceFlag(months, Level.WARNING, last_taking_part)
    return None


def longest_absence(
    taking_part: list[dt.date], counted_from: dt.date, today: dt.date
) -> AbsenceFlag | None:
    """The longest run of whole months without taking part in organizational life (党章 Art. 9),
    wherever it lies between ``counted_from`` (admission, or when the branch's records begin)
    and ``today``: not only the run since the last time. ``taking_part`` are the dates the
    member took part or was excused for a valid reason (any order; dates before
    ``counted_from`` or after ``today`` are ignored). Levels as ``absence_flag``: None below
    three whole months, ``Level.WARNING`` from three, ``Level.CASE`` from six; the flag's
    ``since`` is the last date of taking part before the run (the latest run on a tie)."""
    points = sorted({d for d in taking_part if counted_from <= d <= today} | {counted_from})
    best: AbsenceFlag | None = None
    for start, end in zip(points, [*points[1:], None], strict=True):
        flag = absence_flag(start, today) if end is None else _gap_flag(start, end)
        if flag is not None and (best is None or flag.months >= best.months):
            best = flag
    return best


def _gap_flag(start: dt.date, end: dt.date) -> AbsenceFlag | None:
    """The flag of the whole months strictly between two dates of taking part."""
    months = months_between(start, end) - 1
    if months >= ABSENCE_CASE_MONTHS:
        return AbsenceFlag(months, Level.CASE, start, end)
    if months >= ABSENCE_WARNING_MONTHS:
        return AbsenceFlag(months, Level.WARNING, start, end)
    return None
