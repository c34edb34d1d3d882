"""Condition-rating profiles as data: every coefficient of JTG 5210-2018 that Branchwork uses,
each with its verification status from shared/specs/roads.md §1 (VERIFIED, CORROBORATED or
UNVERIFIED). A profile is plain JSON-compatible data so that it can be stored, versioned and
edited without a code change; results record the profile's name.
"""

from __future__ import annotations

from typing import Any

C, U = "CORROBORATED", "UNVERIFIED"


def v(value: Any, status: str) -> dict[str, Any]:
    return {"value": value, "status": status}


# Damage tables: damage -> {severity: weight}, and the width (m) converting a length to an area
# for linear damage (None: recorded as an area in m²). roads.md §1.6.
ASPHALT_DAMAGE = {
    "alligator": v({"light": 0.6, "medium": 0.8, "heavy": 1.0}, C),
    "block": v({"light": 0.6, "heavy": 0.8}, U),
    "longitudinal": v({"light": 0.6, "heavy": 1.0}, C),
    "transverse": v({"light": 0.6, "heavy": 1.0}, C),
    "depression": v({"light": 0.6, "heavy": 1.0}, U),
    "rutting": v({"light": 0.6, "heavy": 1.0}, U),
    "corrugation": v({"light": 0.6, "heavy": 1.0}, U),
    "pothole": v({"light": 0.8, "heavy": 1.0}, C),
    "raveling": v({"light": 0.6, "heavy": 1.0}, U),
    "bleeding": v({"": 0.2}, U),
    "patching": v({"": 0.1}, C),
}
ASPHALT_WIDTHS = {
    "longitudinal": v(0.2, C),
    "transverse": v(0.2, C),
    "rutting": v(0.4, U),
}
CONCRETE_DAMAGE = {
    "broken_slab": v({"light": 0.8, "heavy": 1.0}, U),
    "crack": v({"light": 0.6, "medium": 0.8, "heavy": 1.0}, U),
    "corner_break": v({"light": 0.6, "medium": 0.8, "heavy": 1.0}, U),
    "faulting": v({"light": 0.6, "heavy": 1.0}, U),
    "blowup": v({"": 1.0}, U),
    "edge_spalling": v({"light": 0.6, "medium": 0.8, "heavy": 1.0}, U),
    "joint_seal": v({"light": 0.4, "heavy": 0.6}, U),
    "pothole": v({"": 1.0}, U),
    "pumping": v({"": 1.0}, U),
    "exposed_aggregate": v({"": 0.3}, U),
    "patching": v({"": 0.1}, U),
}
CONCRETE_WIDTHS = {
    "crack": v(1.0, U),
    "faulting": v(1.0, U),
    "edge_spalling": v(1.0, U),
    "joint_seal": v(1.0, U),
    "pumping": v(1.0, U),
}
# Gravel damage types are listed in the spec without weights: 1.0 each, to be replaced when the
# standard's table is available.
GRAVEL_DAMAGE = {
    name: v({"": 1.0}, U)
    for name in (
        "crown_loss",
        "depression",
        "corrugation",
        "rutting",
        "pothole",
        "exposed_aggregate",
    )
}

JTG_5210_2018: dict[str, Any] = {
    "name": "JTG 5210-2018",
    "source": "JTG 5210-2018 《公路技术状况评定标准》, in force 2019-05-01 (roads.md §1)",
    "grades": v([[90, "excellent"], [80, "good"], [70, "fair"], [60, "poor"], [0, "bad"]], C),
    "pci": {
        "asphalt": {"a0": v(15.00, C), "a1": v(0.412, C)},
        "concrete": {"a0": v(10.66, C), "a1": v(0.461, C)},
        "gravel": {"a0": v(10.10, U), "a1": v(0.487, U)},
    },
    "rqi": {
        "high": {"a0": v(0.026, U), "a1": v(0.65, U)},  # expressway and class 1
        "low": {"a0": v(0.0185, U), "a1": v(0.58, U)},  # class 2, 3, 4 and unclassified
    },
    "rdi": {"rda": v(10.0, U), "rdb": v(40.0, U), "a0": v(1.0, U), "a1": v(3.0, U)},
    "pqi_weights": {
        "asphalt": {
            "high": v({"pci": 0.35, "rqi": 0.30, "rdi": 0.15, "pbi": 0.10, "sri": 0.10}, U),
            "low": v({"pci": 0.60, "rqi": 0.40}, U),
        },
        "concrete": {
            "high": v({"pci": 0.50, "rqi": 0.30, "pbi": 0.10, "sri": 0.10}, U),
            "low": v({"pci": 0.60, "rqi": 0.40}, U),
        },
        "gravel": {"high": v({"pci": 1.0}, U), "low": v({"pci": 1.0}, U)},
    },
    "mqi_weights": v({"sci": 0.08, "pqi": 0.70, "bci": 0.12, "tci": 0.10}, C),
    "damage": {
        "asphalt": {"types": ASPHALT_DAMAGE, "widths": ASPHALT_WIDTHS},
        "concrete": {"types": CONCRETE_DAMAGE, "widths": CONCRETE_WIDTHS},
        "gravel": {"types": GRAVEL_DAMAGE, "widths": {}},
    },
}

BUILT_IN = {JTG_5210_2018["name"]: JTG_5210_2018}


def value(node: Any) -> Any:
    """The number or table inside a {"value", "status"} leaf (or the node itself)."""
    return node["value"] if isinstance(node, dict) and "value" in node else node


def damage_columns(pavement: str, profile: dict[str, Any] = JTG_5210_2018) -> list[str]:
    """Survey-sheet column names: <damage>_<severity>, or <damage> for single-weight ones."""
    columns = []
    for damage, node in profile["damage"][pavement]["types"].items():
        for severity in value(node):
            columns.append(f"{damage}_{severity}" if severity else damage)
    return columns
