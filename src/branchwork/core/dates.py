"""Date ranges and month arithmetic shared by every app (no domain rules here).

``YEAR_MIN``-``YEAR_MAX`` are the years Branchwork keeps working records for: meeting plans,
dues ledgers, road programs, surveys, patrols. Pages, the API, forms and commands check a year
against this one range. Historical dates of people (birth, admission to the party) and of
organizations (founding) have their own lower bound, ``HISTORY_MIN``.

Every date Branchwork stores or takes as input lies in ``DATE_MIN``-``DATE_MAX`` (1900-01-01
to 2100-12-31): forms (``core.forms.DateField``), the API (``core.api.KeptDate``) and
``core.audit.save_as`` all check this one range, so no service does arithmetic on year 1 or
9999-12-31 (which overflows ``date + timedelta``).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _

YEAR_MIN = 2000
YEAR_MAX = 2100
# The earliest date a person's or an organization's history can hold (the Party was founded in
# 1921; no member or branch on record is older than this bound).
HISTORY_MIN = dt.date(1900, 1, 1)
# The one range of dates Branchwork keeps (both ends included).
DATE_MIN = HISTORY_MIN
DATE_MAX = dt.date(YEAR_MAX, 12, 31)


def year_ok(year: int) -> bool:
    """Is ``year`` within YEAR_MIN..YEAR_MAX (both included)?"""
    return YEAR_MIN <= year <= YEAR_MAX


def date_kept(day: dt.date) -> bool:
    """Is ``day`` (a date, or the date of a datetime) within DATE_MIN..DATE_MAX?"""
    if isinstance(day, dt.datetime):
        day = day.date()
    return DATE_MIN <= day <= DATE_MAX


def outside_message(day: dt.date) -> str:
    """The error for a date outside the kept range, in the active language: "9999-12-31 is
    outside the dates Branchwork keeps (1900-01-01 to 2100-12-31)." """
    if isinstance(day, dt.datetime):
        day = day.date()
    return _("%(date)s is outside the dates Branchwork keeps (%(first)s to %(last)s).") % {
        "date": day.isoformat(),
        "first": DATE_MIN,
        "last": DATE_MAX,
    }


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative), clamped to the end of the
    month: 31 Aug + 6 months = 28 or 29 Feb; the first of a month stays the first.

    Raises ``OverflowError`` outside the years 1-9999.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)
