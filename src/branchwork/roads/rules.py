"""Route codes and stakes (shared/specs/roads.md §2.1): the rules road projects and the
maintenance inventory share. The JTG 5210 condition engine lives in
``branchwork.maintenance.condition``.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

ROUTE_CODE = re.compile(r"^[GSXYCZ]\d{3}\d{6}$")
STAKE = re.compile(r"^K(\d{1,4})\+(\d{1,3}(?:\.\d+)?)$")  # up to K9999+999


class ConditionError(ValueError):
    """A stake, route code or survey value that cannot be used; ``column`` names the sheet
    column when known."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


DECIMAL_KM_STAKE = re.compile(r"^K\d{1,4}\.\d+$")


def normalise_stake(text: str) -> str:
    """A stake as written, in its one form: NFKC, no spaces, upper case ('k 1＋000' → 'K1+000')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()


def parse_stake(text: str) -> float:
    """A stake as metres from the route's start: 'K1+200' -> 1200.0, 'K2+500.5' -> 2500.5.

    The text is normalised first (full-width forms such as 'K3＋000', lower case 'k', spaces
    as in 'K 4+000'). A decimal-kilometre form such as 'K1.000' is refused naming the expected
    form, since 'K1.5' could mean 1,500 m or 1,005 m. Raises ``ConditionError``.
    """
    normalised = normalise_stake(text)
    if DECIMAL_KM_STAKE.match(normalised):
        raise ConditionError(
            _(
                "%(text)r is written in kilometres; write the stake as kilometres + metres, "
                "e.g. K1+000"
            )
            % {"text": text}
        )
    match = STAKE.match(normalised)
    if not match:
        raise ConditionError(
            _("%(text)r is not a stake like K1+200 (up to K9999+999)") % {"text": text}
        )
    metres = float(match.group(2))
    if metres >= 1000:
        raise ConditionError(_("%(text)r: the metres after + must be below 1000") % {"text": text})
    return int(match.group(1)) * 1000 + metres


def check_route_code(code: str) -> str:
    """Administrative level letter + 3-digit number + 6-digit county code (C012520628)."""
    code = (code or "").strip().upper()
    if not ROUTE_CODE.match(code):
        raise ConditionError(
            _(
                "%(code)r is not a route code: level letter (G, S, X, Y, C, Z), 3 digits and "
                "the 6-digit county code, e.g. C012520628"
            )
            % {"code": code}
        )
    return code
