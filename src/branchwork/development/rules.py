"""Member development (发展党员) as data and pure functions: the 25 steps in 5 stages, the hard
limits between them, and the next step with its last allowed date.

Sources (shared/specs/party-rules.md §3; 细则 = 中国共产党发展党员工作细则, 2014):
- §3.1 hard limits: age 18 at application (党章 Art. 1; 细则 Art. 5); a talk within one month of
  the application (细则 Art. 6); at least one year as an activist before becoming a
  development target (细则 Art. 13); the short training of at least 3 days or 24 class hours
  before admission (细则 Art. 17); two full-member introducers (党章 Art. 5); admission by a
  general-meeting vote under the organizational-life vote rule (支部条例 Art. 11, reused from
  ``meetings.rules.decide_motion``); higher-committee approval within 3 months, never over 6
  (细则 Art. 27); probation of exactly one year from the general meeting's resolution
  (党章 Art. 7; 细则 Art. 32); an extension once only, 6-12 months (细则 Art. 32).
- §3.2 the 25 steps in 5 stages, in order (a step cannot be recorded before the previous one).
The probation arithmetic (one year, extension 6-12 months, 18 years) is the registry's
(``members.rules``): it lives there once and is reused here, not written twice.
Limits that are local practice are settings with their status (``LOCAL_PRACTICE``).
No database access here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import add_months
from branchwork.members import rules as member_rules

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    TARGET = "target", _("Development target")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("In the pipeline")
    DISQUALIFIED = "disqualified", _("Disqualified")
    COMPLETED = "completed", _("Converted to full member")


class Decider(models.TextChoices):
    APPLICANT = "applicant", _("The applicant")
    BRANCH = "branch", _("The branch")
    BRANCH_COMMITTEE = "branch_committee", _("Branch committee")
    GENERAL_MEETING = "general_meeting", _("Branch general meeting")
    HIGHER_COMMITTEE = "higher_committee", _("Higher party committee")
    ORG_DEPARTMENT = "org_department", _("Organization department")


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application letter")
    THOUGHT_REPORT = "thought_report", _("Thought report")
    INTRODUCERS = "introducers", _("Introducers' opinions")
    POLITICAL_REVIEW = "political_review", _("Political review")
    TRAINING = "training", _("Training certificate")
    VOLUNTEER_FORM = "volunteer_form", _("Application form for party membership (入党志愿书)")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    OTHER = "other", _("Other")


# Codes of the steps that are not among the 25: the outcomes the general meeting may decide
# instead of conversion (党章 Art. 7).
EXTEND = "extend"
DISQUALIFY = "disqualify"

SRC_STEPS = _("细则 (2014), the 25 steps")
SRC_AGE = _("党章 Art. 1; 细则 Art. 5")
SRC_TALK = _("细则 Art. 6")
SRC_ACTIVIST_YEAR = _("细则 Art. 13")
SRC_TRAINING = _("细则 Art. 17")
SRC_INTRODUCERS = _("党章 Art. 5")
SRC_VOTE = _("支部条例 Art. 11; 细则 Art. 25")
SRC_APPROVAL = _("细则 Art. 27")
SRC_PROBATION = _("党章 Art. 7; 细则 Art. 32")
SRC_CONVERSION_APPROVAL = _("细则 Art. 33")


@dataclass(frozen=True)
class StepRule:
    number: int
    stage: str  # the Stage the person is in while this step is the next one
    label: StrOrPromise
    decided_by: str  # the usual Decider
    becomes: str = ""  # the Stage the person enters when this step is recorded
    vote: bool = False  # recorded from a general-meeting vote (meetings.Vote)


# The 25 steps (party-rules.md §3.2, in the published order).
STEPS: tuple[StepRule, ...] = (
    StepRule(1, Stage.APPLICANT, _("Application for membership submitted"), Decider.APPLICANT),
    StepRule(2, Stage.APPLICANT, _("Talk with the applicant"), Decider.BRANCH),
    StepRule(
        3,
        Stage.APPLICANT,
        _("Activist recommended and decided"),
        Decider.BRANCH_COMMITTEE,
        becomes=Stage.ACTIVIST,
    ),
    StepRule(
        4, Stage.ACTIVIST, _("Activist filed with the higher committee"), Decider.HIGHER_COMMITTEE
    ),
    StepRule(5, Stage.ACTIVIST, _("Training contacts named"), Decider.BRANCH),
    StepRule(6, Stage.ACTIVIST, _("Education, training and assessment"), Decider.BRANCH),
    StepRule(
        7,
        Stage.ACTIVIST,
        _("Development target decided"),
        Decider.BRANCH_COMMITTEE,
        becomes=Stage.TARGET,
    ),
    StepRule(
        8, Stage.TARGET, _("Target filed with the higher committee"), Decider.HIGHER_COMMITTEE
    ),
    StepRule(9, Stage.TARGET, _("Introducers named"), Decider.BRANCH),
    StepRule(10, Stage.TARGET, _("Political review"), Decider.BRANCH_COMMITTEE),
    StepRule(11, Stage.TARGET, _("Short centralised training"), Decider.HIGHER_COMMITTEE),
    StepRule(12, Stage.TARGET, _("Review by the branch committee"), Decider.BRANCH_COMMITTEE),
    StepRule(
        13, Stage.TARGET, _("Preliminary review by the higher committee"), Decider.HIGHER_COMMITTEE
    ),
    StepRule(14, Stage.TARGET, _("Application form (入党志愿书) filled in"), Decider.APPLICANT),
    StepRule(
        15,
        Stage.TARGET,
        _("General meeting admits as probationary member"),
        Decider.GENERAL_MEETING,
        becomes=Stage.PROBATIONARY,
        vote=True,
    ),
    StepRule(16, Stage.PROBATIONARY, _("Talk by the higher committee"), Decider.HIGHER_COMMITTEE),
    StepRule(
        17, Stage.PROBATIONARY, _("Approval by the higher committee"), Decider.HIGHER_COMMITTEE
    ),
    StepRule(
        18, Stage.PROBATIONARY, _("Filed with the organization department"), Decider.ORG_DEPARTMENT
    ),
    StepRule(19, Stage.PROBATIONARY, _("Placed in the branch and a party group"), Decider.BRANCH),
    StepRule(20, Stage.PROBATIONARY, _("Oath of admission"), Decider.BRANCH),
    StepRule(21, Stage.PROBATIONARY, _("Continued education and assessment"), Decider.BRANCH),
    StepRule(22, Stage.PROBATIONARY, _("Application for conversion"), Decider.APPLICANT),
    StepRule(
        23,
        Stage.PROBATIONARY,
        _("General meeting converts to full member"),
        Decider.GENERAL_MEETING,
        becomes=Stage.FULL,
        vote=True,
    ),
    StepRule(
        24, Stage.FULL, _("Conversion approved by the higher committee"), Decider.HIGHER_COMMITTEE
    ),
    StepRule(25, Stage.FULL, _("Files archived"), Decider.BRANCH),
)
STEP_BY_NUMBER = {s.number: s for s in STEPS}
LAST_STEP = 25
STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL]
STAGE_FIRST_STEP = {
    Stage.APPLICANT: 1,
    Stage.ACTIVIST: 3,
    Stage.TARGET: 7,
    Stage.PROBATIONARY: 15,
    Stage.FULL: 23,
}

# --- The hard limits of §3.1, as data ---------------------------------------------------------

MIN_AGE = member_rules.MIN_ADMISSION_AGE  # 18 full years (党章 Art. 1; 细则 Art. 5)
TALK_MONTHS = 1  # the talk within one month of the application (细则 Art. 6)
ACTIVIST_MONTHS = 12  # at least one year as an activist (细则 Art. 13)
TRAINING_MIN_DAYS = 3  # short training: at least 3 days ... (细则 Art. 17)
TRAINING_MIN_HOURS = 24  # ... or at least 24 class hours
INTRODUCERS = 2  # two full members (党章 Art. 5)
APPROVAL_MONTHS = 3  # higher approval within 3 months ... (细则 Art. 27)
APPROVAL_MAX_MONTHS = 6  # ... never longer than 6, and over 3 only for a stated reason
PROBATION_MONTHS = 12 * member_rules.PROBATION_YEARS  # exactly one year (党章 Art. 7)
EXTENSION_MIN_MONTHS = member_rules.EXTENSION_MIN_MONTHS  # 细则 Art. 32: once, 6 to 12 months
EXTENSION_MAX_MONTHS = member_rules.EXTENSION_MAX_MONTHS


@dataclass(frozen=True)
class LocalPractice:
    value: int
    label: StrOrPromise
    status: StrOrPromise


# Limits the national texts leave to local practice: settings (DEVELOPMENT_LOCAL_PRACTICE
# overrides the values), each with its status as party-rules.md gives it.
LOCAL_PRACTICE: dict[str, LocalPractice] = {
    "public_notice_days": LocalPractice(
        7,
        _("Public notice before the application form is issued, in days"),
        _("some localities; local practice, UNVERIFIED as national"),
    ),
    "thought_report_months": LocalPractice(
        3,
        _("Thought reports from activists and targets, every so many months"),
        _("local practice, UNVERIFIED as national"),
    ),
    "assessment_months": LocalPractice(
        6,
        _("The branch assesses activists every so many months"),
        _("common practice in secondary sources, UNVERIFIED as national"),
    ),
    "conversion_vote_months": LocalPractice(
        1,
        _("The conversion vote is held within so many months after the probation ends"),
        _("细则 Art. 33 says 'promptly' (及时); the month is local practice, UNVERIFIED"),
    ),
}


def local_value(name: str, overrides: dict[str, int] | None = None) -> int:
    """The value of a local-practice limit: the installation's override or the default."""
    if overrides and name in overrides:
        return int(overrides[name])
    return LOCAL_PRACTICE[name].value


# --- Date arithmetic ---------------------------------------------------------------------------


def age_ok(birth_date: dt.date, applied_on: dt.date) -> bool:
    """At least ``MIN_AGE`` full years old on the day of the application (党章 Art. 1)."""
    return applied_on >= member_rules.years_after(birth_date, MIN_AGE)


def talk_deadline(applied_on: dt.date) -> dt.date:
    """The last day for the talk with the applicant: one month after the application
    (细则 Art. 6; ``add_months`` clamps 31 January to the end of February)."""
    return add_months(applied_on, TALK_MONTHS)


def target_earliest(activist_on: dt.date) -> dt.date:
    """The first day an activist may become a development target: one full year after being
    decided an activist (细则 Art. 13: 一年以上)."""
    return add_months(activist_on, ACTIVIST_MONTHS)


def approval_deadline(resolution_on: dt.date) -> dt.date:
    """The last day of the higher committee's approval: three months after the general
    meeting's resolution (细则 Art. 27)."""
    return add_months(resolution_on, APPROVAL_MONTHS)


def approval_hard_limit(resolution_on: dt.date) -> dt.date:
    """The day after which approval is never possible: six months (细则 Art. 27)."""
    return add_months(resolution_on, APPROVAL_MAX_MONTHS)


def probation_end(admitted_on: dt.date, extension_months: int = 0) -> dt.date:
    """The day probation is complete: one year from the general meeting's resolution, plus an
    extension (党章 Art. 7; 细则 Art. 32; the registry's ``members.rules.probation_end``)."""
    return member_rules.probation_end(admitted_on, extension_months)


def conversion_vote_deadline(
    admitted_on: dt.date, extension_months: int = 0, grace_months: int | None = None
) -> dt.date:
    """The last day for the general meeting's vote at the end of probation (convert, extend
    or disqualify): the probation end plus the local-practice months ("promptly")."""
    months = (
        LOCAL_PRACTICE["conversion_vote_months"].value if grace_months is None else grace_months
    )
    return add_months(probation_end(admitted_on, extension_months), months)


def training_ok(days: int, hours: int) -> bool:
    """The short training counts: at least 3 days or at least 24 class hours (细则 Art. 17)."""
    return days >= TRAINING_MIN_DAYS or hours >= TRAINING_MIN_HOURS


def extension_ok(months: int) -> bool:
    """An extension is 6 to 12 months (细则 Art. 32)."""
    return EXTENSION_MIN_MONTHS <= months <= EXTENSION_MAX_MONTHS


# --- Checking one step ---------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a step cannot be recorded: the sentence and the rule's source."""

    message: str
    source: str

    def __str__(self) -> str:
        return gettext("%(message)s (%(source)s)") % {
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to judge a step (all plain values; the service gathers them)."""

    birth_date: dt.date
    dates: dict[int, dt.date]  # step number -> date recorded
    extension_months: int = 0  # 0: not extended
    extended: bool = False
    introducers_full: int = 0  # distinct introducers who are full members on the step's date
    training_days: int = 0
    training_hours: int = 0
    vote_passed: bool | None = None  # for vote steps
    vote_sentence: str = ""
    reason: str = ""  # the note: a stated reason for a late approval
    conversion_grace_months: int | None = None


def _fmt(day: dt.date) -> str:
    return day.isoformat()


def check_step(number: int, on: dt.date, facts: StepFacts) -> list[Refusal]:
    """Every reason the step ``number`` cannot be recorded on ``on``; empty when it can.

    Order: the previous step must be recorded and not later than ``on`` (§3.2, a strict state
    machine); then the hard limits of §3.1 that bind this step.
    """
    refusals: list[Refusal] = []
    rule = STEP_BY_NUMBER.get(number)
    if rule is None:
        return [Refusal(gettext("There is no step %(n)d.") % {"n": number}, str(SRC_STEPS))]
    if number in facts.dates:
        return [
            Refusal(
                gettext("Step %(n)d is already recorded on %(date)s.")
                % {"n": number, "date": _fmt(facts.dates[number])},
                str(SRC_STEPS),
            )
        ]
    if number > 1:
        previous = facts.dates.get(number - 1)
        if previous is None:
            return [
                Refusal(
                    gettext(
                        "Step %(n)d comes after step %(prev)d (%(label)s), which is not recorded."
                    )
                    % {"n": number, "prev": number - 1, "label": STEP_BY_NUMBER[number - 1].label},
                    str(SRC_STEPS),
                )
            ]
        if on < previous:
            return [
                Refusal(
                    gettext(
                        "Step %(n)d cannot be dated %(date)s, before step %(prev)d on "
                        "%(prev_date)s."
                    )
                    % {
                        "n": number,
                        "date": _fmt(on),
                        "prev": number - 1,
                        "prev_date": _fmt(previous),
                    },
                    str(SRC_STEPS),
                )
            ]
    d = facts.dates
    if number == 1 and not age_ok(facts.birth_date, on):
        refusals.append(
            Refusal(
                gettext(
                    "An applicant must be at least %(age)d full years old: on %(date)s this "
                    "person is younger (18 on %(eighteen)s)."
                )
                % {
                    "age": MIN_AGE,
                    "date": _fmt(on),
                    "eighteen": _fmt(member_rules.years_after(facts.birth_date, MIN_AGE)),
                },
                str(SRC_AGE),
            )
        )
    if number == 2 and on > talk_deadline(d[1]):
        refusals.append(
            Refusal(
                gettext(
                    "The talk must be held within one month of the application of %(applied)s: "
                    "by %(deadline)s."
                )
                % {"applied": _fmt(d[1]), "deadline": _fmt(talk_deadline(d[1]))},
                str(SRC_TALK),
            )
        )
    if number == 7 and on < target_earliest(d[3]):
        refusals.append(
            Refusal(
                gettext(
                    "A development target must have been an activist for at least one year: "
                    "activist since %(since)s, so %(earliest)s at the earliest."
                )
                % {"since": _fmt(d[3]), "earliest": _fmt(target_earliest(d[3]))},
                str(SRC_ACTIVIST_YEAR),
            )
        )
    if number == 9 and facts.introducers_full < INTRODUCERS:
        refusals.append(
            Refusal(
                gettext("Two different full members must be the introducers; %(n)d named.")
                % {"n": facts.introducers_full},
                str(SRC_INTRODUCERS),
            )
        )
    if number == 11 and not training_ok(facts.training_days, facts.training_hours):
        refusals.append(
            Refusal(
                gettext(
                    "The short training must last at least %(days)d days or %(hours)d class "
                    "hours; %(d)d days and %(h)d hours recorded."
                )
                % {
                    "days": TRAINING_MIN_DAYS,
                    "hours": TRAINING_MIN_HOURS,
                    "d": facts.training_days,
                    "h": facts.training_hours,
                },
                str(SRC_TRAINING),
            )
        )
    if number in (15, 23) and facts.vote_passed is not True:
        refusals.append(
            Refusal(
                gettext("The general meeting's vote did not pass: %(verdict)s")
                % {"verdict": facts.vote_sentence or gettext("no vote recorded.")},
                str(SRC_VOTE),
            )
        )
    if number in (17, 24):
        resolution = d[15] if number == 17 else d[23]
        source = SRC_APPROVAL if number == 17 else SRC_CONVERSION_APPROVAL
        if on > approval_hard_limit(resolution):
            refusals.append(
                Refusal(
                    gettext(
                        "The higher committee approves within three months of the resolution of "
                        "%(resolution)s and never after six months: %(limit)s was the last day."
                    )
                    % {
                        "resolution": _fmt(resolution),
                        "limit": _fmt(approval_hard_limit(resolution)),
                    },
                    str(source),
                )
            )
        elif on > approval_deadline(resolution) and not facts.reason.strip():
            refusals.append(
                Refusal(
                    gettext(
                        "The higher committee approves within three months of the resolution of "
                        "%(resolution)s (by %(deadline)s); a later approval, up to %(limit)s, "
                        "needs the special reason stated in the note."
                    )
                    % {
                        "resolution": _fmt(resolution),
                        "deadline": _fmt(approval_deadline(resolution)),
                        "limit": _fmt(approval_hard_limit(resolution)),
                    },
                    str(source),
                )
            )
    if number == 23:
        end = probation_end(d[15], facts.extension_months)
        if on < end:
            refusals.append(
                Refusal(
                    gettext(
                        "Probation is exactly one year from the resolution of %(admitted)s"
                        "%(extension)s: conversion can be voted from %(end)s."
                    )
                    % {
                        "admitted": _fmt(d[15]),
                        "extension": gettext(", extended by %(m)d months")
                        % {"m": facts.extension_months}
                        if facts.extension_months
                        else "",
                        "end": _fmt(end),
                    },
                    str(SRC_PROBATION),
                )
            )
    return refusals


def check_extension(on: dt.date, months: int, facts: StepFacts) -> list[Refusal]:
    """Whether the general meeting may extend probation on ``on`` by ``months``: a
    probationary member (step 15 recorded, not converted), never extended before, 6 to 12
    months, decided when the probation year is over (细则 Art. 32), by a passed vote."""
    refusals: list[Refusal] = []
    admitted = facts.dates.get(15)
    if admitted is None or 23 in facts.dates:
        return [
            Refusal(
                gettext("Only a probationary member's probation can be extended."),
                str(SRC_PROBATION),
            )
        ]
    if facts.extended:
        refusals.append(
            Refusal(gettext("Probation can be extended once only."), str(SRC_PROBATION))
        )
    if not extension_ok(months):
        refusals.append(
            Refusal(
                gettext("An extension is at least %(min)d and at most %(max)d months; %(m)d asked.")
                % {"min": EXTENSION_MIN_MONTHS, "max": EXTENSION_MAX_MONTHS, "m": months},
                str(SRC_PROBATION),
            )
        )
    end = probation_end(admitted)
    if on < end:
        refusals.append(
            Refusal(
                gettext("Probation is decided when the year is over: from %(end)s.")
                % {"end": _fmt(end)},
                str(SRC_PROBATION),
            )
        )
    if facts.vote_passed is not True:
        refusals.append(
            Refusal(
                gettext("The general meeting's vote did not pass: %(verdict)s")
                % {"verdict": facts.vote_sentence or gettext("no vote recorded.")},
                str(SRC_VOTE),
            )
        )
    return refusals


# --- Where a person stands ---------------------------------------------------------------------


def stage_of(dates: dict[int, dt.date]) -> str:
    """The stage reached: the last stage entered by a recorded step."""
    stage: str = Stage.APPLICANT
    for rule in STEPS:
        if rule.becomes and rule.number in dates:
            stage = rule.becomes
    return stage


@dataclass(frozen=True)
class NextStep:
    number: int
    label: str
    earliest: dt.date | None  # not before (a hard limit), None: no lower limit
    latest: dt.date | None  # the last allowed date, None: no deadline
    source: str
    hard: bool = True  # False when the latest date is a local-practice setting

    def overdue(self, today: dt.date) -> bool:
        return self.latest is not None and today > self.latest


def next_step(
    dates: dict[int, dt.date],
    extension_months: int = 0,
    grace_months: int | None = None,
) -> NextStep | None:
    """The next step to record and its window (None when all 25 are done).

    Windows with a hard limit: the talk (one month after the application), the development
    target (one year after the activist), the higher approvals (three months after the
    resolution), the conversion vote (from the probation's end, by the local-practice months
    after it)."""
    number = next((n for n in range(1, LAST_STEP + 1) if n not in dates), None)
    if number is None:
        return None
    label = str(STEP_BY_NUMBER[number].label)
    earliest: dt.date | None = None
    latest: dt.date | None = None
    source = str(SRC_STEPS)
    hard = True
    if number == 2:
        latest, source = talk_deadline(dates[1]), str(SRC_TALK)
    elif number == 7:
        earliest, source = target_earliest(dates[3]), str(SRC_ACTIVIST_YEAR)
    elif number in (16, 17):
        latest, source = approval_deadline(dates[15]), str(SRC_APPROVAL)
    elif number == 24:
        latest, source = approval_deadline(dates[23]), str(SRC_CONVERSION_APPROVAL)
    elif number in (18, 19, 20, 21, 22, 23):
        # Until the conversion vote, the deadline that matters is the probation's end.
        earliest = probation_end(dates[15], extension_months) if number == 23 else None
        latest = conversion_vote_deadline(dates[15], extension_months, grace_months)
        source, hard = str(SRC_PROBATION), False
    return NextStep(number, label, earliest, latest, source, hard)


def due_in_month(step: NextStep | None, month_first: dt.date, month_last: dt.date) -> bool:
    """Is ``step``'s last allowed date within the month, or already past (overdue)?"""
    return step is not None and step.latest is not None and step.latest <= month_last
