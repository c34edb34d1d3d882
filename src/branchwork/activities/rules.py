"""Activities, mass organizations and caring visits as data and pure functions.

Sources:
- The article (shared/seed/, Tongren City Government Website, 2019): the branch "makes full use
  of ethical lecture halls, construction of staff book houses" and "carries out 'five-city joint
  creation', colourful Guizhou Taoyuan Tongren, 'peaceful highway', 'I am a party member, I go
  ahead' and other series of activities"; it "led a group of trade unions and other
  organizations" in staff sports, caring activities and "caring and condolences for retired,
  sick and inpatient cadres".
- Study hours (shared/specs/party-rules.md §2.3, 教育管理条例): one hour of collective study
  counts as one 学时; members need at least 32 a year, committee members at least 56.
- Themed party days (§2.3) include volunteer service; volunteer hours are counted per person
  and per year from the activities marked as volunteer service.
No database access here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Series(models.TextChoices):
    """The activity series the article names (the branch may add its own campaign text)."""

    FIVE_CITY = "five_city", _("Five-city joint creation")
    TAOYUAN = "taoyuan", _("Colourful Guizhou, Taoyuan Tongren")
    PEACEFUL_HIGHWAY = "peaceful_highway", _("Peaceful highway")
    MEMBER_AHEAD = "member_ahead", _("I am a party member, I go ahead")
    ETHICS_HALL = "ethics_hall", _("Ethics lecture hall")
    BOOK_HOUSE = "book_house", _("Staff book house")
    CIVILIZED_UNIT = "civilized_unit", _("Civilized unit creation")


class Kind(models.TextChoices):
    THEMED = "themed", _("Themed activity")
    STUDY = "study", _("Study")
    VOLUNTEER = "volunteer", _("Volunteer service")
    CULTURE = "culture", _("Sports and culture")
    CARING = "caring", _("Caring activity")
    OTHER = "other", _("Other")


class MassOrgKind(models.TextChoices):
    """Mass organizations a branch leads (the article: "trade unions and other organizations")."""

    TRADE_UNION = "trade_union", _("Trade union")
    YOUTH_LEAGUE = "youth_league", _("Youth league")
    WOMEN = "women", _("Women's committee")
    OTHER = "other", _("Other mass organization")


class VisitedCategory(models.TextChoices):
    """Who a caring visit is for (the article: retired, sick and inpatient cadres; families in
    hardship are the usual fourth group of 走访慰问)."""

    RETIRED = "retired", _("Retired cadre or staff")
    SICK = "sick", _("Sick")
    HOSPITALIZED = "hospitalized", _("In hospital")
    HARDSHIP = "hardship", _("Family in hardship")
    OTHER = "other", _("Other")


# Hours one activity may count for one person: a day of activity is at most 8 学时
# (party-rules.md §2.3: "half a day = 4, full day = 8"); a multi-day activity records each day.
MAX_HOURS_PER_ACTIVITY = Decimal("24")
# How long after the activity's day a participant may still check in themselves (the
# organizer can always mark attendance afterwards).
SELF_CHECK_IN_DAYS = 0


def may_self_check_in(activity_date: dt.date, today: dt.date) -> bool:
    """A participant checks in on the activity's day (from a phone, on site)."""
    return activity_date <= today <= activity_date + dt.timedelta(days=SELF_CHECK_IN_DAYS)


def may_sign_up(activity_date: dt.date, today: dt.date, *, open_: bool, full: bool) -> str:
    """ "" when a person may sign up, else the reason in the active language."""
    if not open_:
        return gettext("Sign-up is closed for this activity.")
    if activity_date < today:
        return gettext("The activity is over; sign-up has closed.")
    if full:
        return gettext("The activity is full.")
    return ""


def credited_hours(activity_hours: Decimal, own_hours: Decimal | None, checked_in: bool) -> Decimal:
    """The hours one participant is credited with: their own figure when the organizer gave one
    (left early, came late), else the activity's; nothing without attendance."""
    if not checked_in:
        return Decimal("0")
    return own_hours if own_hours is not None else activity_hours


# --- The caring fund ------------------------------------------------------------------------


@dataclass(frozen=True)
class FundRow:
    """One row of the caring-fund ledger as the reconciliation sees it."""

    kind: str  # "income" or "spending"
    amount: Decimal
    visit_id: int | None = None


@dataclass(frozen=True)
class Reconciliation:
    """The fund's balance and every reason it might be wrong (an empty list: it reconciles)."""

    income: Decimal
    spending: Decimal
    balance: Decimal
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def reconcile(rows: Iterable[FundRow], visit_money: dict[int, Decimal]) -> Reconciliation:
    """Check the caring-fund ledger against the visits.

    ``rows``: every ledger row; ``visit_money``: visit id → money given at that visit. The
    ledger reconciles when every visit that gave money has exactly one spending row of the same
    amount, no spending row points at a visit that gave nothing (or at none it knows), every
    amount is positive, and the balance (income − spending) is not negative.
    """
    income = spending = Decimal("0")
    problems: list[str] = []
    by_visit: dict[int, list[Decimal]] = {}
    for row in rows:
        if row.amount <= 0:
            problems.append(
                gettext("A ledger row has an amount of %(a)s yuan.") % {"a": row.amount}
            )
        if row.kind == "income":
            income += row.amount
        else:
            spending += row.amount
            if row.visit_id is not None:
                by_visit.setdefault(row.visit_id, []).append(row.amount)
    for visit_id, money in sorted(visit_money.items()):
        booked = by_visit.get(visit_id, [])
        if money > 0 and booked != [money]:
            problems.append(
                gettext("Visit %(id)d gave %(money)s yuan but the ledger books %(booked)s for it.")
                % {"id": visit_id, "money": money, "booked": sum(booked, Decimal("0"))}
            )
        if money == 0 and booked:
            problems.append(
                gettext("Visit %(id)d gave no money but the ledger books spending for it.")
                % {"id": visit_id}
            )
    for visit_id in sorted(set(by_visit) - set(visit_money)):
        problems.append(
            gettext("A spending row points at visit %(id)d, which is not in this ledger.")
            % {"id": visit_id}
        )
    balance = income - spending
    if balance < 0:
        problems.append(gettext("The balance is negative: %(b)s yuan.") % {"b": balance})
    return Reconciliation(income, spending, balance, problems)


def check_spending(balance: Decimal, amount: Decimal) -> str:
    """ "" when ``amount`` may be spent from a fund holding ``balance``, else why not."""
    if amount <= 0:
        return gettext("An amount must be more than zero.")
    if amount > balance:
        return gettext(
            "The caring fund holds %(balance)s yuan; %(amount)s yuan cannot be spent from it. "
            "Record the income first."
        ) % {"balance": balance, "amount": amount}
    return ""
