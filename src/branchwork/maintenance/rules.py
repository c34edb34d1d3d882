"""Pure maintenance rules: stakes, evaluation units, the work-order workflow and the network
summary's shares. The JTG 5210 condition formulas are in ``condition.py``, their
coefficients in ``profiles.py``.

Sources: evaluation units of 1,000 m and length-weighted 优良路率 / 次差路率 follow
JTG 5210-2018 as summarised in shared/specs/roads.md §1 and §6 (unit length CORROBORATED;
MAINTENANCE_UNIT_LENGTH_M changes the default). Route codes and stakes: roads.md §2.1.

Work-order workflow (raised → assigned → repaired → verified): WORK_ORDER_FLOW names the fields
each step needs; templates and services read them from here.
"""

from __future__ import annotations

# Evaluation-unit length bounds, in metres. JTG 5210-2018 rates 1,000 m units (roads.md §1,
# CORROBORATED; the default is settings.MAINTENANCE_UNIT_LENGTH_M); a route may use shorter or
# longer units within these bounds (a local choice, not a regulation number), and at most
# MAX_UNITS_PER_ROUTE of them so that a route page and its survey template stay readable.
UNIT_LENGTH_MIN_M = 100
UNIT_LENGTH_MAX_M = 10_000
MAX_UNITS_PER_ROUTE = 2000

# Condition grades counted in the network shares (JTG 5210-2018, roads.md §6).
GOOD_GRADES = ("excellent", "good")  # 优良
POOR_GRADES = ("poor", "bad")  # 次差

# Work-order workflow: each status and the one that follows it, with the fields the step needs.
WORK_ORDER_FLOW = {
    "raised": ("assigned", ("assignee",)),
    "assigned": ("repaired", ("repair", "cost")),
    "repaired": ("verified", ("verified_by",)),
}


def format_stake(metres: float) -> str:
    """Metres as a stake (roads.md §2.1): 1200 -> 'K1+200'; 12345.5 -> 'K12+345.5'."""
    km, rest = divmod(metres, 1000)
    rest_text = f"{rest:03.0f}" if float(rest).is_integer() else f"{rest:05.1f}"
    return f"K{int(km)}+{rest_text}"


def format_section(from_m: float, to_m: float | None) -> str:
    """A section's stakes, 'K1+000–K2+000' (metres in); empty when ``to_m`` is None."""
    return f"{format_stake(from_m)}–{format_stake(to_m)}" if to_m is not None else ""


def split_units(start_m: int, end_m: int, unit_m: int = 1000) -> list[tuple[int, int]]:
    """Evaluation units from start to end as (from_m, to_m) pairs in metres: whole units of
    unit_m counted from the start stake, and a last, shorter unit for the rest (JTG 5210-2018
    evaluation units, roads.md §1). Raises ValueError for a non-positive unit or an end not
    after the start."""
    if unit_m <= 0:
        raise ValueError("the unit length must be positive")
    if end_m <= start_m:
        raise ValueError("the end stake must be after the start stake")
    return [(a, min(a + unit_m, end_m)) for a in range(start_m, end_m, unit_m)]


def next_work_order_step(status: str) -> tuple[str, tuple[str, ...]] | None:
    """(next status, fields that step needs) for a work order's status; None once verified."""
    return WORK_ORDER_FLOW.get(status)


def shares(length: float, good: float, poor: float) -> tuple[float | None, float | None]:
    """Lengths in any one unit (metres).
    优良路率 and 次差路率 in % of the surveyed length (None when nothing was surveyed)."""
    if not length:
        return None, None
    return round(100 * good / length, 2), round(100 * poor / length, 2)
