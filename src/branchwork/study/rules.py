"""Members' yearly study as data and pure functions: the hours required, the centralised
training required, hour conversion and the progress verdict. No database access.

Sources (shared/specs/party-rules.md §2.3, "Study hours"):
- 《中国共产党党员教育管理工作条例》 (2019-05-06) [教育管理条例]: each member takes at least
  32 学时 of centralised training or collective study a year; secretaries and committee members
  of basic-level party organizations at least 56 学时 a year, including at least one
  centralised training. Read in one secondary copy
  (https://wodeyuanxiao.com/Educationandtraining/vxwvowpkge.html); the article number was not
  verified against 12371.cn (status: one source, article not verified).
- The same text as quoted there: probationary members and members in their first year as
  full members "normally" (一般) attend one centralised training by a higher organization.
  "Normally" leaves it to the higher committee: ``STUDY_CENTRALISED_FOR`` (a setting).

Settings (environment variables read in config/settings.py; defaults below):
``STUDY_CENTRALISED_FOR`` (leader,probationary,first_year), ``STUDY_WARN_FROM_MONTH`` (10),
``STUDY_PRORATE_NEW_MEMBERS`` (true), ``STUDY_HALF_DAY_HOURS`` (4), ``STUDY_DAY_HOURS`` (8).
- Hour conversion (1 学时 = 1 hour, half a day = 4, a full day = 8) is local practice, from
  one university party office (http://www.pulmonologynews.net/2018/1019/c2418a121914/page.html):
  ``STUDY_UNIT_HOURS`` (a setting).
- When to start warning members who are behind is not in any text: ``STUDY_WARN_FROM_MONTH``
  (default October, the last quarter), a setting.
- A member admitted during the year owes the year's hours in proportion to the whole months
  left (local practice, not in the text): ``STUDY_PRORATE_NEW_MEMBERS`` (default on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class Form(models.TextChoices):
    """How the hours were studied (the forms the issue names)."""

    COLLECTIVE = "collective", _("Collective study")
    ONLINE = "online", _("Online study")
    SELF_STUDY = "self_study", _("Self-study")
    COURSE = "course", _("Training course")
    CENTRALISED = "centralised", _("Centralised training by a higher organization")


class Unit(models.TextChoices):
    CLASS_HOUR = "class_hour", _("class hours (学时)")
    HALF_DAY = "half_day", _("half days")
    DAY = "day", _("days")


class Basis(models.TextChoices):
    """Why a member owes what they owe (shown with the requirement)."""

    MEMBER = "member", _("member")
    LEADER = "leader", _("secretary or committee member")


# --- The rule as data ------------------------------------------------------------------------

SRC_HOURS = _(
    "教育管理条例 (2019): at least 32 class hours a year; secretaries and committee members at "
    "least 56 (one secondary copy; article number not verified)"
)
SRC_CENTRALISED = _(
    "教育管理条例 (2019): secretaries and committee members take at least one centralised "
    "training a year; probationary members and first-year full members normally one"
)
SRC_UNITS = _("Local practice: 1 class hour = 1 hour, half a day = 4, a day = 8")

MEMBER_HOURS = 32
LEADER_HOURS = 56
# Who needs a centralised training by a higher organization in a year. "leader" comes from
# the text; "probationary" and "first_year" are "normally" (一般): STUDY_CENTRALISED_FOR.
CENTRALISED_FOR = frozenset({"leader", "probationary", "first_year"})
UNIT_HOURS: dict[str, Decimal] = {
    Unit.CLASS_HOUR: Decimal(1),
    Unit.HALF_DAY: Decimal(4),
    Unit.DAY: Decimal(8),
}
WARN_FROM_MONTH = 10  # the last quarter
PRORATE_NEW_MEMBERS = True
# One record never holds more than this many hours (a two-week course is 80): a typing slip
# such as 320 instead of 32 is refused rather than meeting a year's requirement ten times.
MAX_HOURS_PER_RECORD = Decimal(200)
HOURS_STEP = Decimal("0.5")


def to_hours(
    quantity: Decimal | int | str, unit: str, table: dict[str, Decimal] | None = None
) -> Decimal:
    """Hours for ``quantity`` of ``unit`` (``Unit``): class hours 1:1, half days ×4, days ×8
    (``table`` overrides the conversion; ``SRC_UNITS``). Raises ``ValueError`` for an unknown
    unit or a negative quantity."""
    table = table or UNIT_HOURS
    if unit not in table:
        raise ValueError(f"unknown unit {unit!r}")
    value = Decimal(str(quantity))
    if value < 0:
        raise ValueError("a negative quantity")
    return value * Decimal(table[unit])


def hours_error(hours: Decimal) -> str:
    """Why ``hours`` cannot be one record's hours ("" when it can): more than 0, at most
    ``MAX_HOURS_PER_RECORD``, in steps of half an hour."""
    if hours <= 0:
        return gettext("Hours must be more than 0.")
    if hours > MAX_HOURS_PER_RECORD:
        return gettext("One record holds at most %(max)s hours; split a longer course.") % {
            "max": MAX_HOURS_PER_RECORD
        }
    if hours % HOURS_STEP:
        return gettext("Hours are counted in half hours (for example 1.5).")
    return ""


def first_full_year_overlaps(converted_on: dt.date | None, year: int) -> bool:
    """Does a full member's first year of full membership (from ``converted_on`` to the day
    before its anniversary) include a day of ``year``? Converted on 1 January of the year
    before: the first year ends on 31 December, so no; on 2 January: yes."""
    if converted_on is None or converted_on.year > year:
        return False
    if converted_on.year == year:
        return True
    anniversary = _anniversary(converted_on)
    return anniversary > dt.date(year, 1, 1)


def _anniversary(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: the anniversary is 1 March
        return dt.date(day.year + 1, 3, 1)


def probationary_during(
    admitted_on: dt.date, converted_on: dt.date | None, category: str, year: int
) -> bool:
    """Was the member probationary on some day of ``year`` (from admission to the day before
    conversion; still probationary when ``category`` is "probationary")?"""
    if admitted_on.year > year:
        return False
    if category == "probationary" or converted_on is None:
        return True
    return converted_on > dt.date(year, 1, 1)


def months_left(admitted_on: dt.date, year: int) -> int:
    """Whole months of ``year`` from the month after admission (admitted in the year) or 12."""
    if admitted_on.year < year:
        return 12
    if admitted_on.year > year:
        return 0
    return 12 - admitted_on.month


@dataclass(frozen=True)
class Requirement:
    """What a member owes for a year: ``hours`` (``full_hours`` before proration), whether a
    centralised training by a higher organization is needed and why, with the sources."""

    hours: Decimal
    full_hours: int
    basis: str
    centralised: bool
    centralised_because: tuple[str, ...] = ()
    sources: tuple[StrOrPromise, ...] = (SRC_HOURS,)

    @property
    def reasons(self) -> list[str]:
        labels = {
            "leader": gettext("secretary or committee member"),
            "probationary": gettext("probationary member"),
            "first_year": gettext("first year as a full member"),
        }
        return [labels[r] for r in self.centralised_because]


def yearly_requirement(
    *,
    year: int,
    admitted_on: dt.date,
    converted_on: dt.date | None,
    category: str,
    leader: bool,
    centralised_for: frozenset[str] = CENTRALISED_FOR,
    prorate: bool = PRORATE_NEW_MEMBERS,
) -> Requirement:
    """The study a member owes in ``year`` (``SRC_HOURS``, ``SRC_CENTRALISED``).

    ``leader``: the member holds a post (secretary, deputy, committee member) in a committee
    of their organization in office during the year → 56 hours, else 32. A member admitted
    during the year owes the hours for the whole months left after admission when
    ``prorate`` (rounded up to a whole hour); admitted in December: nothing that year.
    """
    full = LEADER_HOURS if leader else MEMBER_HOURS
    hours = Decimal(full)
    if prorate and admitted_on.year == year:
        hours = (Decimal(full) * months_left(admitted_on, year) / 12).quantize(
            Decimal(1), rounding=ROUND_CEILING
        )
    elif admitted_on.year > year:
        hours = Decimal(0)
    because = []
    if leader and "leader" in centralised_for:
        because.append("leader")
    if "probationary" in centralised_for and probationary_during(
        admitted_on, converted_on, category, year
    ):
        because.append("probationary")
    if (
        "first_year" in centralised_for
        and category != "probationary"
        and first_full_year_overlaps(converted_on, year)
    ):
        because.append("first_year")
    return Requirement(
        hours=hours,
        full_hours=full,
        basis=Basis.LEADER if leader else Basis.MEMBER,
        centralised=bool(because),
        centralised_because=tuple(because),
        sources=(SRC_HOURS, SRC_CENTRALISED) if because else (SRC_HOURS,),
    )


# --- Progress ---------------------------------------------------------------------------------


class Status(models.TextChoices):
    MET = "met", _("Requirement met")
    ON_TRACK = "on_track", _("On track")
    IN_PROGRESS = "in_progress", _("In progress")
    BEHIND = "behind", _("Behind")
    NOT_MET = "not_met", _("Not met")


@dataclass(frozen=True)
class Progress:
    """A member's standing for a year on ``today``: hours done against the requirement, the
    centralised training, the status, whether to warn, and the sentence saying why."""

    required: Decimal
    done: Decimal
    centralised_needed: bool
    centralised_done: bool
    expected_by_now: Decimal
    status: str
    warn: bool
    reason: str
    missing: list[str] = field(default_factory=list)

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), self.required - self.done)

    @property
    def status_label(self) -> StrOrPromise:
        return Status(self.status).label

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 100
        return min(100, int(self.done * 100 / self.required))


def expected_by(required: Decimal, year: int, today: dt.date) -> Decimal:
    """Hours a member keeping an even pace would have by the end of ``today``'s month (the
    whole requirement from December on; nothing before the year)."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return required
    return (required * today.month / 12).quantize(Decimal("0.1"))


def assess(
    requirement: Requirement,
    *,
    done: Decimal,
    centralised_done: bool,
    year: int,
    today: dt.date,
    warn_from_month: int = WARN_FROM_MONTH,
) -> Progress:
    """The verdict for ``year`` seen on ``today``.

    - met: the hours and, where needed, the centralised training are done;
    - after the year: not met (with what is missing);
    - from 1 ``warn_from_month`` (default 1 October) to 31 December: behind, with a warning;
    - before that: on track when at the even pace (``expected_by``), else in progress.
    """
    missing = []
    if done < requirement.hours:
        missing.append(
            gettext("%(short)s of %(required)s hours")
            % {
                "short": plain_hours(requirement.hours - done),
                "required": plain_hours(requirement.hours),
            }
        )
    if requirement.centralised and not centralised_done:
        missing.append(gettext("a centralised training by a higher organization"))
    expected = expected_by(requirement.hours, year, today)
    values = {
        "done": plain_hours(done),
        "required": plain_hours(requirement.hours),
        "missing": pgettext("list separator", ", ").join(missing),
    }
    if not missing:
        status, warn = Status.MET, False
        reason = gettext("%(done)s of %(required)s hours: the year's requirement is met.") % values
    elif today > dt.date(year, 12, 31):
        status, warn = Status.NOT_MET, True
        reason = (
            gettext("%(done)s of %(required)s hours; the year ended missing %(missing)s.") % values
        )
    elif today >= dt.date(year, warn_from_month, 1):
        status, warn = Status.BEHIND, True
        reason = (
            gettext("%(done)s of %(required)s hours; still missing %(missing)s before 31 December.")
            % values
        )
    elif done >= expected:
        status, warn = Status.ON_TRACK, False
        reason = gettext("%(done)s of %(required)s hours, on track.") % values
    else:
        status, warn = Status.IN_PROGRESS, False
        reason = gettext(
            "%(done)s of %(required)s hours; %(expected)s would be on an even pace."
        ) % {**values, "expected": plain_hours(expected)}
    return Progress(
        required=requirement.hours,
        done=done,
        centralised_needed=requirement.centralised,
        centralised_done=centralised_done,
        expected_by_now=expected,
        status=status,
        warn=warn,
        reason=reason,
        missing=missing,
    )


def plain_hours(value: Decimal) -> str:
    """Hours as people write them: 32.0 → "32", 1.5 → "1.5"."""
    return f"{Decimal(value).normalize():f}"


# Meetings whose study part can be a collective study session (issue 14: a general meeting,
# a party lecture or a party group meeting).
SESSION_MEETING_KINDS = ("general_meeting", "lecture", "group_meeting")
