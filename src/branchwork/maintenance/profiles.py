"""Condition-rating profiles as data: every coefficient of JTG 5210-2018 that Branchwork uses,
each with its verification status from shared/specs/roads.md §1 (VERIFIED, CORROBORATED or
UNVERIFIED). A profile is plain JSON-compatible data so that it can be stored, versioned and
edited without a code change; results record the profile's name.
"""

from __future__ import annotations

import math
from typing import Any

C, U = "CORROBORATED", "UNVERIFIED"


def v(value: Any, status: str) -> dict[str, Any]:
    """A coefficient leaf: its value and verification status (VERIFIED, CORROBORATED or
    UNVERIFIED, roads.md §1)."""
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
    # Shown to users as the profile's source; the spec behind it is shared/specs/roads.md §1.
    "source": "JTG 5210-2018《公路技术状况评定标准》（交通运输部，2019-05-01 施行）",
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


# --- Stored, editable profiles --------------------------------------------------------------
# A profile is edited coefficient by coefficient. Each editable number has a dotted path (for
# example "pci.asphalt.a0", "damage.asphalt.types.alligator.light", "grades.good"), and every
# path shares its verification status with the leaf it sits in.

STATUSES = ("VERIFIED", "CORROBORATED", "UNVERIFIED")


def _leaves(node: Any, path: str = ""):
    """(path, leaf) for every {"value", "status"} leaf of a profile."""
    if isinstance(node, dict) and "value" in node and "status" in node:
        yield path, node
    elif isinstance(node, dict):
        for key, child in node.items():
            if key in ("name", "source"):
                continue
            yield from _leaves(child, f"{path}.{key}" if path else key)


def in_canonical_order(data: Any, reference: Any = None) -> Any:
    """The profile with its keys in the order of the built-in profile (then sorted). PostgreSQL
    stores JSON as jsonb, which does not keep key order; sheet columns and coefficient lists
    must not depend on the database."""
    if reference is None:
        reference = BUILT_IN.get(data.get("name"), JTG_5210_2018)
    if not isinstance(data, dict):
        return data
    known = list(reference) if isinstance(reference, dict) else []
    keys = [k for k in known if k in data] + sorted(k for k in data if k not in known)
    return {
        k: in_canonical_order(data[k], reference.get(k) if isinstance(reference, dict) else None)
        if isinstance(data[k], dict)
        else data[k]
        for k in keys
    }


def coefficients(profile: dict[str, Any]) -> list[tuple[str, float, str]]:
    """Every editable number as (path, value, status), in the profile's order."""
    rows = []
    for path, leaf in _leaves(profile):
        content = leaf["value"]
        if path == "grades":
            for threshold, label in content:
                rows.append((f"grades.{label}", float(threshold), leaf["status"]))
        elif isinstance(content, dict):
            for key, number in content.items():
                rows.append((f"{path}.{key or 'weight'}", float(number), leaf["status"]))
        else:
            rows.append((path, float(content), leaf["status"]))
    return rows


def revised(
    profile: dict[str, Any],
    values: dict[str, float],
    statuses: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A copy of the profile with the given coefficients (by path) changed. Unknown paths raise
    KeyError; statuses are given per leaf path (the part before the last dot for tables)."""
    import copy

    result = copy.deepcopy(profile)
    known = {path for path, _v, _s in coefficients(profile)}
    unknown = sorted(set(values) - known)
    if statuses:
        leaves = {path for path, _leaf in _leaves(profile)}
        unknown += sorted(set(statuses) - leaves)
    if unknown:
        raise KeyError(", ".join(unknown))
    for path, leaf in _leaves(result):
        content = leaf["value"]
        if path == "grades":
            leaf["value"] = [
                [values.get(f"grades.{label}", threshold), label] for threshold, label in content
            ]
        elif isinstance(content, dict):
            leaf["value"] = {
                key: values.get(f"{path}.{key or 'weight'}", number)
                for key, number in content.items()
            }
        elif path in values:
            leaf["value"] = values[path]
        if statuses and path in statuses:
            leaf["status"] = statuses[path]
    return result


def leaf_statuses(profile: dict[str, Any]) -> list[tuple[str, str]]:
    """(leaf path, status) for every leaf: the unit a verification status is kept for."""
    return [(path, leaf["status"]) for path, leaf in _leaves(profile)]


def leaf_path(path: str, profile: dict[str, Any]) -> str:
    """The leaf a coefficient path belongs to (where its status is kept)."""
    leaves = {p for p, _leaf in _leaves(profile)}
    while path and path not in leaves:
        path = path.rpartition(".")[0]
    return path


def problems(profile: dict[str, Any]) -> list[str]:
    """Why a profile cannot be used, as sentences naming the coefficient (empty when fine)."""
    found = []
    for path, number, status in coefficients(profile):
        if status not in STATUSES:
            found.append(f"{path}: status {status!r} is not one of {', '.join(STATUSES)}")
        if not math.isfinite(number) or number < 0:
            found.append(f"{path}: {number} must be a finite number of at least 0")
            continue
        if path.startswith("grades.") and number > 100:
            found.append(f"{path}: a grade threshold is at most 100")
        if ".types." in path and number > 1:
            found.append(f"{path}: a damage weight is at most 1")
    thresholds = [t for t, _label in value(profile["grades"])]
    if thresholds != sorted(thresholds, reverse=True) or len(set(thresholds)) != len(thresholds):
        found.append("grades: thresholds must fall from excellent to bad")
    tables = [("mqi_weights", value(profile["mqi_weights"]))]
    for pavement, bands in profile["pqi_weights"].items():
        for band, node in bands.items():
            tables.append((f"pqi_weights.{pavement}.{band}", value(node)))
    for path, weights in tables:
        total = sum(weights.values())
        if abs(total - 1.0) > 0.001:
            found.append(f"{path}: the weights add up to {total:.3f}, not 1")
    for pavement in ("asphalt", "concrete", "gravel"):
        for name in ("a0", "a1"):
            if value(profile["pci"][pavement][name]) <= 0:
                found.append(f"pci.{pavement}.{name}: must be above 0")
    for band in ("high", "low"):
        if value(profile["rqi"][band]["a0"]) <= 0:
            found.append(f"rqi.{band}.a0: must be above 0")
    rdi = {k: value(x) for k, x in profile["rdi"].items()}
    if not rdi["rda"] < rdi["rdb"]:
        found.append("rdi.rda: must be below rdi.rdb")
    return found


# --- Readable names for coefficient paths ---------------------------------------------------
# Shown next to the dotted path on the profile pages (the path stays the key).


def _labels() -> dict[str, Any]:
    from django.utils.translation import gettext_lazy as _

    return {
        "grades": _("grade threshold"),
        "pci": "PCI",
        "rqi": "RQI",
        "rdi": "RDI",
        "pqi": "PQI",
        "mqi": "MQI",
        "pbi": "PBI",
        "sri": "SRI",
        "sci": "SCI",
        "bci": "BCI",
        "tci": "TCI",
        "rda": "RDa (mm)",
        "rdb": "RDb (mm)",
        "pqi_weights": _("PQI weight"),
        "mqi_weights": _("MQI weight"),
        "damage": _("damage"),
        "types": _("weight"),
        "widths": _("conversion width (m)"),
        "asphalt": _("asphalt pavement"),
        "concrete": _("cement concrete pavement"),
        "gravel": _("gravel pavement"),
        "high": _("expressway and class 1"),
        "low": _("class 2 and below"),
        "light": _("light"),
        "medium": _("medium"),
        "heavy": _("heavy"),
        "weight": "",
        "excellent": _("excellent (优)"),
        "good": _("good (良)"),
        "fair": _("fair (中)"),
        "poor": _("poor (次)"),
        "bad": _("bad (差)"),
        "alligator": _("alligator cracking"),
        "block": _("block cracking"),
        "longitudinal": _("longitudinal cracking"),
        "transverse": _("transverse cracking"),
        "depression": _("depression"),
        "rutting": _("rutting"),
        "corrugation": _("corrugation"),
        "pothole": _("pothole"),
        "raveling": _("raveling"),
        "bleeding": _("bleeding"),
        "patching": _("patching"),
        "broken_slab": _("broken slab"),
        "crack": _("slab cracking"),
        "corner_break": _("corner break"),
        "faulting": _("faulting"),
        "blowup": _("blow-up"),
        "edge_spalling": _("edge spalling"),
        "joint_seal": _("joint seal damage"),
        "pumping": _("pumping"),
        "exposed_aggregate": _("exposed aggregate"),
        "crown_loss": _("loss of crown"),
    }


def word_labels() -> dict[str, Any]:
    """{word of a coefficient path or a survey column: its label} (lazy, in the language
    active when shown): "alligator" -> "alligator cracking" / "龟裂"."""
    return _labels()


def describe(path: str) -> str:
    """'damage.asphalt.types.alligator.light' -> 'damage · asphalt pavement · weight ·
    alligator cracking · light' (in the active language); unknown parts are shown as they are."""
    labels = _labels()
    parts = [str(labels.get(part, part)) for part in path.split(".")]
    return " · ".join(p for p in parts if p)


def status_label(status: str) -> str:
    """A verification status in the active language (the status itself when unknown)."""
    from django.utils.translation import gettext as _

    return {
        "VERIFIED": _("verified"),
        "CORROBORATED": _("corroborated"),
        "UNVERIFIED": _("unverified"),
    }.get(status, status)
