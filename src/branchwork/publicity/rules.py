"""News and party-affairs openness (党务公开) as data and pure functions.

Sources (see shared/specs/party-rules.md §6.1):

- 《中国共产党党务公开条例（试行）》 (2017) Art. 15: an item on the openness list goes through
  提出 (propose: content, scope, time, method) → 审核 (review: secrecy, necessity, accuracy) →
  审批 (approve) → 实施 (publish). Branchwork keeps three states for it: a draft is the
  proposal, "in review" is 审核, and approval publishes it at once or at a set time (审批 and
  实施 together: in a branch the reviewer is also the one who approves).
- Scope: an item is published to the party (党内) or to everyone (全体, the branch's public
  pages) (§6.1 "scope limited to 党内 or 全体").
- The exact list of what a grass-roots branch must publish (Art. 10) is UNVERIFIED; the
  typical disclosures below are the spec's, each with its status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SOURCE_REGULATION = "党务公开条例（试行）(2017) Art. 15"


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Kind(models.TextChoices):
    NEWS = "news", _("News")
    NOTICE = "notice", _("Notice")
    OPENNESS = "openness", _("Party-affairs openness (党务公开)")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public pages)")
    PARTY = "party", _("Inside the party (党内)")


# The workflow: (from state, step) -> to state. Art. 15's four steps on three states.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, "submit"): State.REVIEW,
    (State.REVIEW, "approve"): State.PUBLISHED,
    (State.REVIEW, "send_back"): State.DRAFT,
    (State.PUBLISHED, "withdraw"): State.WITHDRAWN,
}
EDITABLE_STATES = frozenset({State.DRAFT})


def next_state(state: str, step: str) -> str | None:
    """The state ``step`` leads to from ``state``, or None when the step is not allowed there
    (``TRANSITIONS``; 党务公开条例 Art. 15)."""
    return TRANSITIONS.get((state, step))


def is_live(state: str, publish_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Is an item readable now? Published, and its publishing time has come (scheduled
    publishing: approval with a later time publishes it then, with nothing left to run)."""
    return state == State.PUBLISHED and publish_at is not None and publish_at <= now


def self_approval_allowed(*, drafter_id: int | None, reviewer_id: int | None, others: int) -> bool:
    """May ``reviewer`` approve an item? Not their own draft, unless nobody else on the branch
    holds the review right (``others`` = other users with a reviewing role granted on the
    branch itself): a branch whose only reviewer drafts must still be able to publish.
    Branchwork's own decision (Art. 15 asks for a review step; it does not name who)."""
    if drafter_id is None or reviewer_id is None or drafter_id != reviewer_id:
        return True
    return others == 0


# --- The openness list (公开目录) ------------------------------------------------------------


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Once a year")
    PER_EVENT = "per_event", _("For each case")


class Status(models.TextChoices):
    SOURCED = "sourced", _("Sourced")
    LOCAL = "local", _("Local practice")
    UNVERIFIED = "unverified", _("Unverified")


@dataclass(frozen=True)
class OpennessRule:
    """One item a branch must publish: what, how often, by when, to whom, and where the system
    holds what it reports (``url_name``, with ``?org=&year=``)."""

    key: str
    title: str | Promise
    frequency: str
    # For a yearly item: the year's publication is due by this month and day of the next year.
    due_month: int
    due_day: int
    audience: str
    url_name: str
    status: str
    source: str | Promise  # the basis, in words (spec: shared/specs/party-rules.md §6.1)
    first_year: int = 2018  # the 条例 took effect in December 2017

    @property
    def frequency_label(self) -> str:
        return str(Frequency(self.frequency).label)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    def due_date(self, year: int) -> dt.date | None:
        """The last day for publishing year ``year``'s item (None for items per case)."""
        if self.frequency != Frequency.YEARLY:
            return None
        return dt.date(year + 1, self.due_month, self.due_day)


# The configurable list: change a row here (or add one) to change what every branch is asked
# to publish; the home page and the openness page follow.
OPENNESS_RULES: tuple[OpennessRule, ...] = (
    OpennessRule(
        key="dues",
        title=_("Party dues collected and used in the year"),
        frequency=Frequency.YEARLY,
        due_month=1,
        due_day=31,
        audience=Audience.PARTY,
        url_name="dues:publication",
        status=Status.SOURCED,
        source=_(
            "党费规定 (2008); fee collection and use published at least yearly; the January "
            "deadline is a local default"
        ),
    ),
    OpennessRule(
        key="appraisal",
        title=_("Results of the democratic appraisal of members"),
        frequency=Frequency.YEARLY,
        due_month=3,
        due_day=31,
        audience=Audience.PARTY,
        url_name="meetings:appraisal",
        status=Status.LOCAL,
        source=_("a typical branch disclosure; the March deadline is a local default"),
    ),
    OpennessRule(
        key="development",
        title=_("Notice before admitting a member (7-day public notice)"),
        frequency=Frequency.PER_EVENT,
        due_month=0,
        due_day=0,
        audience=Audience.PARTY,
        url_name="publicity:list",
        status=Status.LOCAL,
        source=_(
            "a 7-day public notice (公示) before the application form (入党志愿书) is issued, "
            "in some localities"
        ),
    ),
)
RULES_BY_KEY = {rule.key: rule for rule in OPENNESS_RULES}
OPENNESS_CHOICES = [(rule.key, rule.title) for rule in OPENNESS_RULES]


@dataclass(frozen=True)
class OpennessVerdict:
    """One yearly item of one year: published or not, due when, overdue or not."""

    rule: OpennessRule
    year: int
    due: dt.date
    published: bool
    overdue: bool


def openness_verdicts(
    published: Iterable[tuple[str, int]],
    today: dt.date,
    *,
    since: int | None = None,
    rules: Iterable[OpennessRule] = OPENNESS_RULES,
) -> list[OpennessVerdict]:
    """For each yearly rule and each year whose deadline has begun to matter (from the rule's
    ``first_year``, or ``since`` when later, to the last year whose deadline is today or has
    passed, plus the year now open), whether the branch published it.

    ``published``: (rule key, year) pairs of live items. A year is overdue when its deadline
    has passed without a live item. Pure: no database.
    """
    done = set(published)
    verdicts: list[OpennessVerdict] = []
    for rule in rules:
        if rule.frequency != Frequency.YEARLY:
            continue
        first = max(rule.first_year, since or rule.first_year)
        for year in range(first, today.year):
            due = rule.due_date(year)
            assert due is not None
            is_done = (rule.key, year) in done
            verdicts.append(
                OpennessVerdict(rule, year, due, is_done, overdue=not is_done and due < today)
            )
    return verdicts


def overdue(verdicts: Iterable[OpennessVerdict]) -> list[OpennessVerdict]:
    """Only the overdue verdicts, oldest deadline first."""
    return sorted((v for v in verdicts if v.overdue), key=lambda v: (v.due, v.rule.key))


FONT_SIZES = ("small", "medium", "large")


def font_size(raw: str | None) -> str:
    """The public article's font size from ``?size=``: small, medium (default) or large; any
    other value reads as medium, so that it cannot multiply the cached pages."""
    return raw if raw in FONT_SIZES else "medium"
