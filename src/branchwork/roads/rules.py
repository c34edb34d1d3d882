"""Route codes and stakes (shared/specs/roads.md §2.1): the rules road projects and the
maintenance inventory share. The JTG 5210 condition engine lives in
``branchwork.maintenance.condition``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

ROUTE_CODE = re.compile(r"^[GSXYCZ]\d{3}\d{6}$")
STAKE = re.compile(r"^K(\d{1,4})\+(\d{1,3}(?:\.\d+)?)$")  # up to K9999+999


class ConditionError(ValueError):
    """A stake, route code or survey value that cannot be used; ``column`` names the sheet
    column when known."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


def parse_stake(text: str) -> float:
    """'K1+200' -> 1200.0 metres."""
    match = STAKE.match((text or "").strip().upper())
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
