"""Highway technical condition (JTG 5210-2018) as pure functions over a profile.

Formulas (shared/specs/roads.md §1):
- DR = 100 × Σ w_i·A_i / A (%), linear damage converted to area with the profile's widths.
- PCI = 100 − a0·DR^a1, clamped to 0..100 (a0/a1 per pavement type).
- RQI = 100 / (1 + a0·e^(a1·IRI)) (a0/a1 per road class).
- RDI = 100 − a0·RD up to RDa; 90 − a1·(RD − RDa) up to RDb; 0 above (asphalt only).
- PQI = Σ w_k·index_k over the indices measured, renormalised when some are not measured
  (a rural road often has PCI only); MQI = Σ w·(SCI, PQI, BCI, TCI) when all are surveyed.
- Condition grades: ≥90 excellent (优), ≥80 good (良), ≥70 fair (中), ≥60 poor (次), else bad (差).
No database access; the profile (maintenance/profiles.py) carries every coefficient. Stakes and
route codes are shared with road projects (roads/rules.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from branchwork.maintenance.profiles import JTG_5210_2018, value
from branchwork.roads.rules import ConditionError, check_route_code, normalise_stake, parse_stake

PAVEMENTS = ("asphalt", "concrete", "gravel")
# Technical grades of a highway (JTG B01-2014 §3.1); the high band is rated with the
# expressway/class 1 coefficients (JTG 5210-2018, roads.md §1.2).
ROAD_CLASSES = ("expressway", "class1", "class2", "class3", "class4", "unclassified")
HIGH_CLASSES = {"expressway", "class1"}
GRADE_LABELS_ZH = {"excellent": "优", "good": "良", "fair": "中", "poor": "次", "bad": "差"}


def class_band(road_class: str) -> str:
    """ "high" for expressway and class 1, "low" for the others (the band the RQI and PQI
    coefficients are given for, JTG 5210-2018). Raises ConditionError for an unknown class."""
    if road_class not in ROAD_CLASSES:
        raise ConditionError(
            _("unknown road class %(value)r; use one of %(choices)s")
            % {"value": road_class, "choices": ", ".join(ROAD_CLASSES)}
        )
    return "high" if road_class in HIGH_CLASSES else "low"


def damage_ratio(
    pavement: str,
    damages: dict[str, float],
    surveyed_area: float,
    profile: dict[str, Any] = JTG_5210_2018,
) -> float:
    """DR in % from damage quantities keyed by column name (areas in m², linear damage in m)."""
    if pavement not in PAVEMENTS:
        raise ConditionError(
            _("unknown pavement %(value)r; use asphalt, concrete or gravel") % {"value": pavement}
        )
    if surveyed_area <= 0:
        raise ConditionError(_("the surveyed area must be positive"))
    table = profile["damage"][pavement]
    widths = {k: value(w) for k, w in table["widths"].items()}
    weighted = 0.0
    for damage, node in table["types"].items():
        for severity, weight in value(node).items():
            column = f"{damage}_{severity}" if severity else damage
            quantity = damages.get(column) or 0.0
            if quantity < 0:
                raise ConditionError(_("a damaged quantity cannot be negative"), column)
            area = quantity * widths[damage] if damage in widths else quantity
            weighted += weight * area
    return 100.0 * weighted / surveyed_area


def pci(pavement: str, dr: float, profile: dict[str, Any] = JTG_5210_2018) -> float:
    """PCI (0-100) from DR in %: 100 − a0·DR^a1 with the pavement's a0/a1 (JTG 5210-2018,
    roads.md §1.1). Raises ConditionError for a negative DR."""
    if dr < 0:
        raise ConditionError(_("DR cannot be negative"), "dr")
    coefficients = profile["pci"][pavement]
    a0, a1 = value(coefficients["a0"]), value(coefficients["a1"])
    return min(100.0, max(0.0, 100.0 - a0 * dr**a1))


def rqi(road_class: str, iri: float, profile: dict[str, Any] = JTG_5210_2018) -> float:
    """RQI (0-100) from IRI in m/km: 100 / (1 + a0·e^(a1·IRI)) with the class band's a0/a1
    (JTG 5210-2018, roads.md §1.2). Raises ConditionError for a negative IRI."""
    if iri < 0:
        raise ConditionError(_("IRI cannot be negative"), "iri")
    coefficients = profile["rqi"][class_band(road_class)]
    a0, a1 = value(coefficients["a0"]), value(coefficients["a1"])
    try:
        return 100.0 / (1.0 + a0 * math.exp(a1 * iri))
    except OverflowError:
        return 0.0


def rdi(rd_mm: float, profile: dict[str, Any] = JTG_5210_2018) -> float:
    """RDI (0-100) from rut depth in mm, asphalt only (JTG 5210-2018, roads.md §1.4).
    Raises ConditionError for a negative depth."""
    if rd_mm < 0:
        raise ConditionError(_("rut depth cannot be negative"), "rd_mm")
    p = {k: value(x) for k, x in profile["rdi"].items()}
    if rd_mm <= p["rda"]:
        return 100.0 - p["a0"] * rd_mm
    if rd_mm <= p["rdb"]:
        return max(0.0, 90.0 - p["a1"] * (rd_mm - p["rda"]))
    return 0.0


def weighted(indices: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """Σ w·index over the measured indices, renormalised to their weights' sum."""
    present = {k: (w, v) for k, w in weights.items() if (v := indices.get(k)) is not None}
    total = sum(w for w, _v in present.values())
    if not present or total == 0:
        return None
    return sum(w * float(v) for w, v in present.values()) / total


def pqi(
    pavement: str,
    road_class: str,
    indices: dict[str, float | None],
    profile: dict[str, Any] = JTG_5210_2018,
) -> float | None:
    """PQI (0-100) from the measured indices {"pci", "rqi", "rdi", …: value or None} with
    the pavement and class band's weights, renormalised over the measured ones (JTG 5210-2018,
    roads.md §1.3); None when none is measured."""
    weights = value(profile["pqi_weights"][pavement][class_band(road_class)])
    return weighted(indices, weights)


def mqi(parts: dict[str, float | None], profile: dict[str, Any] = JTG_5210_2018) -> float | None:
    """MQI only when every part is surveyed (otherwise the unit has no MQI)."""
    weights: dict[str, float] = value(profile["mqi_weights"])
    found = {k: parts.get(k) for k in weights}
    total = 0.0
    for k, w in weights.items():
        part = found[k]
        if part is None:
            return None
        total += w * float(part)
    return total


SHOWN_PLACES = Decimal("0.01")


def shown(index: float) -> float:
    """An index as it is shown and stored: two decimal places, rounded half up (89.996 →
    90.00). Grades are decided on this value, so a unit shown as 90.00 is never graded 良."""
    return float(Decimal(repr(index)).quantize(SHOWN_PLACES, rounding=ROUND_HALF_UP))


def grade(index: float | None, profile: dict[str, Any] = JTG_5210_2018) -> str | None:
    """The condition grade of an index (excellent, good, fair, poor, bad) by the profile's
    thresholds (JTG 5210-2018: ≥90 优, ≥80 良, ≥70 中, ≥60 次, else 差), decided on the value
    as shown (``shown``: two places); None for None."""
    if index is None:
        return None
    index = shown(index)
    for threshold, label in value(profile["grades"]):
        if index >= threshold:
            return label
    return value(profile["grades"])[-1][1]


def _grade_of(index: float, profile: dict[str, Any]) -> str:
    found = grade(index, profile)
    assert found is not None  # a measured index always has a grade
    return found


@dataclass
class UnitResult:
    route_code: str
    from_stake: str
    to_stake: str
    length_m: float
    dr: float
    pci: float
    rqi: float | None
    rdi: float | None
    pqi: float
    grade: str
    profile: str
    mqi: float | None = None
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "route_code": self.route_code,
            "from_stake": self.from_stake,
            "to_stake": self.to_stake,
            "dr": shown(self.dr),
            "pci": shown(self.pci),
            "rqi": None if self.rqi is None else shown(self.rqi),
            "pqi": shown(self.pqi),
            "grade": self.grade,
        }


def evaluate_unit(row: dict[str, Any], profile: dict[str, Any] = JTG_5210_2018) -> UnitResult:
    """One evaluation unit from a survey row (already parsed into numbers where given)."""
    try:
        route = check_route_code(row["route_code"])
    except ConditionError as exc:
        raise ConditionError(str(exc), "route_code") from None
    stakes = []
    for column in ("from_stake", "to_stake"):
        try:
            stakes.append(parse_stake(row[column]))
        except ConditionError as exc:
            raise ConditionError(str(exc), column) from None
    start, end = stakes
    if end <= start:
        raise ConditionError(_("to_stake must be after from_stake"), "to_stake")
    pavement, road_class = row["pavement"], row["road_class"]
    class_band(road_class)
    length = end - start
    if row.get("dr") is not None:
        dr = float(row["dr"])
        if not 0 <= dr <= 100:
            raise ConditionError(_("dr is a percentage from 0 to 100"), "dr")
    else:
        width = float(row["width_m"] or 0)
        if width <= 0:
            raise ConditionError(
                _("width_m must be positive when damage quantities are given"), "width_m"
            )
        dr = damage_ratio(pavement, row.get("damages", {}), length * width, profile)
        if dr > 100:
            raise ConditionError(
                _(
                    "the weighted damaged area is %(dr).0f %% of the unit's %(area).0f m²; "
                    "check the quantities, the width and the stakes"
                )
                % {"dr": dr, "area": length * width},
                "width_m",
            )
    pavement_index = pci(pavement, dr, profile)
    indices: dict[str, float | None] = {"pci": pavement_index}
    indices["rqi"] = None if row.get("iri") is None else rqi(road_class, float(row["iri"]), profile)
    indices["rdi"] = (
        rdi(float(row["rd_mm"]), profile)
        if row.get("rd_mm") is not None and pavement == "asphalt"
        else None
    )
    quality = pqi(pavement, road_class, indices, profile)
    assert quality is not None  # PCI is always present
    parts = {k: row.get(k) for k in ("sci", "bci", "tci")}
    for name, part in parts.items():
        if part is not None and not 0 <= float(part) <= 100:
            raise ConditionError(_("%(name)s is an index from 0 to 100") % {"name": name}, name)
    maintenance = mqi({**parts, "pqi": quality}, profile)
    return UnitResult(
        route_code=route,
        from_stake=normalise_stake(row["from_stake"]),
        to_stake=normalise_stake(row["to_stake"]),
        length_m=length,
        dr=dr,
        pci=pavement_index,
        rqi=indices["rqi"],
        rdi=indices["rdi"],
        pqi=quality,
        # The unit is graded by MQI where every part was surveyed, else by PQI (roads.md §1.3).
        grade=_grade_of(maintenance if maintenance is not None else quality, profile),
        profile=profile["name"],
        mqi=maintenance,
    )


def network_summary(results: list[UnitResult]) -> dict[str, Any]:
    """Length-weighted averages and the shares of length graded excellent+good (优良路率) and
    poor+bad (次差路率)."""
    total = sum(r.length_m for r in results)
    if not total:
        return {"length_km": 0.0, "pqi": None, "good_share": None, "poor_share": None}
    good = sum(r.length_m for r in results if r.grade in ("excellent", "good"))
    poor = sum(r.length_m for r in results if r.grade in ("poor", "bad"))
    return {
        "length_km": round(total / 1000, 3),
        "pqi": shown(sum(r.pqi * r.length_m for r in results) / total),
        "pci": shown(sum(r.pci * r.length_m for r in results) / total),
        "good_share": round(100 * good / total, 2),
        "poor_share": round(100 * poor / total, 2),
    }
