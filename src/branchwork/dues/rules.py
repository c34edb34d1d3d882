"""Party dues rules as data plus pure functions. No database access.

Source: 《关于中国共产党党费收缴、使用和管理的规定》, 中组发〔2008〕3号 (party-rules.md §1):
- Art. 2: employed members pay on the after-tax regular monthly pay: ≤3000 yuan 0.5 %,
  3000-5000 1 %, 5000-10000 1.5 %, above 10000 2 % — the rate applies to the whole base
  (not marginally), upper bounds inclusive. VERIFIED (five copies agree, §1.2).
- Art. 5: retired members: ≤5000 yuan 0.5 %, above 1 %. VERIFIED (§1.2).
- Art. 6: students, unemployed members, members living on relief and members on the minimum
  living allowance pay 0.20 yuan; farmer members 0.20-1.00 yuan (the amount is set locally:
  DUES_FARMER_FEE). §1.3.
- Art. 8: a probationary member pays from the month the branch general meeting admitted them
  (``first_month_owed``: the month of admission itself, not the month after).
- Art. 12: paying ahead or making up at most 6 months at once. The number is the setting
  DUES_MAX_MONTHS_AT_ONCE (default ``ART_12_MONTHS_AT_ONCE``), applied by
  ``check_months_at_once`` and ``check_payment_window``.
- Art. 11: a one-off voluntary payment of 1,000 yuan or more goes in full to the Centre
  (``VOLUNTARY_REMIT_THRESHOLD``, ``remit_to_centre``).
- 党章 Art. 9: six consecutive months without paying, without a valid reason, is a case for the
  branch general meeting (never automatic removal); early warning at three (§1.4).
- Rounding: no official rule found (UNVERIFIED); half-up to 0.01 yuan, as public
  implementations do (§1.4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import add_months, month_start
from branchwork.core.levels import Level

CENT = Decimal("0.01")


class FeeCategory(models.TextChoices):
    """The dues fee category of a member (党费规定 Arts. 2, 5, 6); not the member's party
    category (``members.rules.Category``: full or probationary member)."""

    EMPLOYED = "employed", _("Employed (after-tax regular pay)")
    RETIRED = "retired", _("Retired (pension)")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RELIEF = "relief", _("Living on relief or pension for the disabled")
    MINIMUM_ALLOWANCE = "minimum_allowance", _("Minimum living allowance")
    FARMER = "farmer", _("Farmer")


# (upper bound of the base in yuan, inclusive; None = no bound) -> rate of the whole base.
EMPLOYED_BRACKETS: list[tuple[Decimal | None, Decimal]] = [
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
]
RETIRED_BRACKETS: list[tuple[Decimal | None, Decimal]] = [
    (Decimal("5000"), Decimal("0.005")),
    (None, Decimal("0.01")),
]
BRACKETS: dict[str, list[tuple[Decimal | None, Decimal]]] = {
    FeeCategory.EMPLOYED: EMPLOYED_BRACKETS,
    FeeCategory.RETIRED: RETIRED_BRACKETS,
}
FIXED_FEES: dict[str, Decimal] = {
    FeeCategory.STUDENT: Decimal("0.20"),
    FeeCategory.UNEMPLOYED: Decimal("0.20"),
    FeeCategory.RELIEF: Decimal("0.20"),
    FeeCategory.MINIMUM_ALLOWANCE: Decimal("0.20"),
}
# Art. 6: the farmer fee is set locally within these bounds (setting DUES_FARMER_FEE, which
# config/settings.py reads with the same bounds).
FARMER_MIN, FARMER_MAX = Decimal("0.20"), Decimal("1.00")
# The regulation's name as shown to users (translatable: half-width brackets in English,
# full-width in Chinese).
SOURCE = _("党费规定 (中组发〔2008〕3号)")
# Art. 11: a one-off voluntary payment of this many yuan or more goes in full to the Centre.
VOLUNTARY_REMIT_THRESHOLD = Decimal("1000")
# Art. 12: the default of the setting DUES_MAX_MONTHS_AT_ONCE (months paid ahead or made up at
# once); config/settings.py reads the setting with this default.
ART_12_MONTHS_AT_ONCE = 6
# 党章 Art. 9 (party-rules.md §1.4): six months unpaid in a row is a case for the branch general
# meeting; the early warning comes at three.
ARREARS_WARNING_MONTHS = 3
ARREARS_CASE_MONTHS = 6


class DuesError(ValueError):
    """A dues rule refuses the input; the message is a whole sentence for the user."""


def round_yuan(value: Decimal) -> Decimal:
    """``value`` in yuan rounded half-up to 0.01 yuan (no official rule found; §1.4)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(raw: object, what: str = "amount") -> Decimal:
    """An amount in yuan typed by a person (``"12.5"``) as a Decimal.

    Raises ``DuesError`` for non-numbers, negative amounts and more than two decimals.
    """
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise DuesError(gettext("%(value)r is not a number of yuan.") % {"value": raw}) from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise DuesError(gettext("%(value)r is not a number of yuan.") % {"value": raw})
    if value < 0:
        raise DuesError(gettext("%(value)s: an amount cannot be negative.") % {"value": value})
    if value != value.quantize(CENT):
        raise DuesError(gettext("Amounts are in yuan with at most two decimals."))
    return value


@dataclass(frozen=True)
class Quote:
    category: str
    base: Decimal | None
    rate: Decimal | None
    monthly_fee: Decimal
    rule: str


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def quote(category: str, base: Decimal | None, farmer_fee: Decimal = Decimal("0.50")) -> Quote:
    """The monthly fee for a fee category and a monthly base, with the sentence that explains it.

    Args: ``category`` a ``FeeCategory`` value; ``base`` the after-tax regular monthly pay or
    pension in yuan (needed for employed and retired members, ignored otherwise);
    ``farmer_fee`` the locally set farmer fee in yuan (Art. 6, 0.20-1.00).
    Returns a ``Quote`` (fee in yuan a month, rounded half-up to 0.01). Follows 党费规定
    Arts. 2, 5 and 6. Raises ``DuesError`` for an unknown category, a missing or negative base
    or a farmer fee outside 0.20-1.00.
    """
    if category not in FeeCategory.values:
        raise DuesError(
            gettext("Unknown category %(category)r; use one of: %(choices)s.")
            % {"category": category, "choices": ", ".join(FeeCategory.values)}
        )
    if category in BRACKETS:
        if base is None:
            raise DuesError(gettext("This category needs the monthly base."))
        if base < 0:
            raise DuesError(gettext("The base cannot be negative."))
        brackets = BRACKETS[category]
        lower = Decimal("0")
        for upper, rate in brackets:
            if upper is None or base <= upper:
                fee = round_yuan(base * rate)
                if upper is None:
                    band = gettext("above %(lower)s yuan") % {"lower": lower}
                elif lower == 0:
                    band = gettext("up to %(upper)s yuan") % {"upper": upper}
                else:
                    band = gettext("above %(lower)s and up to %(upper)s yuan") % {
                        "lower": lower,
                        "upper": upper,
                    }
                article = (
                    pgettext("党费规定", "Art. 2")
                    if category == FeeCategory.EMPLOYED
                    else pgettext("党费规定", "Art. 5")
                )
                rule = gettext(
                    "%(category)s, base %(base)s yuan (%(band)s): %(rate)s of the whole base = "
                    "%(fee)s yuan a month (%(source)s %(article)s; rounded half-up to 0.01)."
                ) % {
                    "category": FeeCategory(category).label,
                    "base": base,
                    "band": band,
                    "rate": _percent(rate),
                    "fee": fee,
                    "source": SOURCE,
                    "article": article,
                }
                return Quote(category, base, rate, fee, rule)
            lower = upper
    if category == FeeCategory.FARMER:
        if not FARMER_MIN <= farmer_fee <= FARMER_MAX:
            raise DuesError(gettext("The farmer fee must be between 0.20 and 1.00 yuan."))
        fee = farmer_fee
    else:
        fee = FIXED_FEES[category]
    rule = gettext("%(category)s: a fixed %(fee)s yuan a month (%(source)s Art. 6).") % {
        "category": FeeCategory(category).label,
        "fee": fee,
        "source": SOURCE,
    }
    return Quote(category, base, None, fee, rule)


def first_month_owed(admitted_on: dt.date) -> dt.date:
    """The first month a member owes dues: the month the branch general meeting admitted them
    as a probationary member (党费规定 Art. 8: probationary members pay from admission; the
    month of admission itself counts). Returns the first day of that month."""
    return month_start(admitted_on)


def remit_to_centre(amount: Decimal) -> bool:
    """Does a one-off voluntary payment of ``amount`` yuan go in full to the Centre?
    (党费规定 Art. 11: 1,000 yuan or more, ``VOLUNTARY_REMIT_THRESHOLD``.)"""
    return amount >= VOLUNTARY_REMIT_THRESHOLD


def month_span(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from ``first``'s month to ``last``'s, both included."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def check_months_at_once(months: list[dt.date], limit: int) -> None:
    """Refuse a payment covering no month or more than ``limit`` months at once.

    ``months`` are first days of months; ``limit`` is DUES_MAX_MONTHS_AT_ONCE (党费规定
    Art. 12). Raises ``DuesError``.
    """
    if not months:
        raise DuesError(gettext("Choose at least one month."))
    if len(months) > limit:
        raise DuesError(
            gettext(
                "%(n)d months at once: paying ahead or making up is limited to %(limit)d months "
                "at once (%(source)s Art. 12)."
            )
            % {"n": len(months), "limit": limit, "source": SOURCE}
        )


def longest_run(months: set[dt.date]) -> int:
    """The longest run of consecutive calendar months in ``months`` (first days of months).

    党章 Art. 9 counts months in a row without paying wherever the run lies: a member who paid
    September to November but not January to August has 8 months in a row, not 0."""
    best = 0
    for month in months:
        if add_months(month, -1) in months:
            continue  # not the start of a run
        length, current = 0, month
        while current in months:
            length += 1
            current = add_months(current, 1)
        best = max(best, length)
    return best


def check_payment_window(months: list[dt.date], paid_on: dt.date, limit: int) -> None:
    """Refuse months further than ``limit`` months ahead of or behind the payment date.

    A payment made in month P may cover P-limit .. P+limit-1 (党费规定 Art. 12: paying ahead or
    making up is limited to ``limit`` months, the setting DUES_MAX_MONTHS_AT_ONCE). ``months``
    are first days of months, in order. Raises ``DuesError``.
    """
    paid_month = month_start(paid_on)
    first, last = add_months(paid_month, -limit), add_months(paid_month, limit - 1)
    if months[-1] > last or months[0] < first:
        raise DuesError(
            gettext(
                "A payment made in %(month)s may cover months from %(first)s to "
                "%(last)s: paying ahead or making up is limited to %(limit)d months "
                "(党费规定 Art. 12)."
            )
            % {
                "month": f"{paid_month:%Y-%m}",
                "first": f"{first:%Y-%m}",
                "last": f"{last:%Y-%m}",
                "limit": limit,
            }
        )


def arrears_level(months: int) -> Level | None:
    """How serious ``months`` unpaid months in a row are (党章 Art. 9, party-rules.md §1.4):
    ``Level.CASE`` from six, ``Level.WARNING`` from three, otherwise None."""
    if months >= ARREARS_CASE_MONTHS:
        return Level.CASE
    if months >= ARREARS_WARNING_MONTHS:
        return Level.WARNING
    return None
