"""Assistance (定点帮扶 / 结对帮扶) conventions as data and pure functions.

Source: the research note ``specs/roads.md`` §5 — the yearly responsibility letter (定点扶贫责任书)
with its standard indicator set, corroborated by national and provincial summaries (国务院扶贫办
2019; Shaanxi 2021; central SOE pledges 2020). The note marks the record model as common
reporting practice, not a formal national schema (UNVERIFIED as such).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ZERO = Decimal("0.00")
WAN = Decimal("10000")


class Kind(models.TextChoices):
    """The type of an assistance item (roads.md §5, "Record model")."""

    FUNDS = "funds", _("Funds")
    MATERIALS = "materials", pgettext_lazy("assistance type", "Materials")
    PROJECT = "project", _("Project")
    CONSUMER = "consumer", _("Consumer purchase")
    TRAINING = "training", _("Training")
    PERSONNEL = "personnel", _("Personnel")


class Source(models.TextChoices):
    """Where the money comes from: 直接投入 (the unit's own) or 引进 (brought in from others)."""

    DIRECT = "direct", _("Direct investment")
    BROUGHT_IN = "brought_in", _("Brought in")


class Indicator(models.TextChoices):
    """The responsibility-letter indicators (roads.md §5: the six standard ones, then the two
    often added)."""

    DIRECT_FUNDS = "direct_funds", _("Funds directly invested (yuan)")
    BROUGHT_IN_FUNDS = "brought_in_funds", _("Funds brought in (yuan)")
    CADRES_TRAINED = "cadres_trained", _("Grassroots cadres trained (persons)")
    TECHNICIANS_TRAINED = "technicians_trained", _("Technical personnel trained (persons)")
    PRODUCTS_PURCHASED = "products_purchased", _("Agricultural products purchased (yuan)")
    PRODUCTS_SOLD = "products_sold", _("Agricultural products sold for them (yuan)")
    PROJECTS = "projects", _("Assistance projects carried out")
    CADRES_STATIONED = "cadres_stationed", _("Cadres seconded or stationed in villages")


# Which ledger rows count towards an indicator's actual: (kinds, source or None for any, what
# is summed: "amount" in yuan, "quantity", or "count" of rows). Indicators the ledger cannot tell
# apart (cadres vs technicians trained, products sold on their behalf) are entered by hand on
# the target and carry no ledger figure.
LEDGER_MEASURES: dict[str, tuple[frozenset[str], str | None, str]] = {
    Indicator.DIRECT_FUNDS: (
        frozenset({Kind.FUNDS, Kind.MATERIALS, Kind.PROJECT}),
        Source.DIRECT,
        "amount",
    ),
    Indicator.BROUGHT_IN_FUNDS: (
        frozenset({Kind.FUNDS, Kind.MATERIALS, Kind.PROJECT}),
        Source.BROUGHT_IN,
        "amount",
    ),
    Indicator.PRODUCTS_PURCHASED: (frozenset({Kind.CONSUMER}), None, "amount"),
    Indicator.PROJECTS: (frozenset({Kind.PROJECT}), None, "count"),
    Indicator.CADRES_STATIONED: (frozenset({Kind.PERSONNEL}), None, "quantity"),
}


@dataclass(frozen=True)
class Item:
    """What the roll-up needs of one ledger row (reversals carry negative amounts)."""

    kind: str
    source: str
    amount: Decimal
    quantity: Decimal | None
    sign: int = 1  # -1 for a reversal row: it takes its original off a count


def ledger_actual(indicator: str, items: Iterable[Item]) -> Decimal | None:
    """The actual of ``indicator`` from ledger rows (roads.md §5: yearly roll-ups reproduce
    the 责任书 indicators), or None when the ledger does not measure it (``LEDGER_MEASURES``).

    Amounts and quantities add as recorded (a reversal carries them negated, so it cancels
    its original); counts add ``sign`` (-1 for a reversal).
    """
    measure = LEDGER_MEASURES.get(indicator)
    if measure is None:
        return None
    kinds, source, what = measure
    total = Decimal("0")
    for item in items:
        if item.kind not in kinds or (source is not None and item.source != source):
            continue
        if what == "amount":
            total += item.amount
        elif what == "count":
            total += item.sign
        else:
            total += item.quantity or Decimal("0")
    return total


def wan(amount: Decimal) -> Decimal:
    """Yuan as 万元 with two places, for display only (roads.md §5: amounts are kept in yuan)."""
    return (amount / WAN).quantize(Decimal("0.01"))


def mask_name(name: str) -> str:
    """A household head's name for viewers without ``assistance.manage``: the surname and
    asterisks (张三丰 -> 张**); Latin names keep the first letter."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def completion(target: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """Actual as a percentage of target, one decimal; None without a positive target or an
    actual."""
    if not target or actual is None or target <= 0:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"))
