"""Reading distress-survey sheets (CSV or Excel): one row per evaluation unit. Every error is
collected as "row N, column X: reason"; a sheet with any error yields no units."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchwork.roads import rules
from branchwork.roads.profiles import JTG_5210_2018, damage_columns

BASE_COLUMNS = [
    "route_code",
    "from_stake",
    "to_stake",
    "pavement",
    "road_class",
    "width_m",
    "iri",
    "rd_mm",
]
# Optional: the other MQI parts (SCI, BCI, TCI) when they were surveyed for the unit.
MQI_COLUMNS = ["sci", "bci", "tci"]


@dataclass
class SurveySheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def template_columns(profile: dict[str, Any] = JTG_5210_2018) -> list[str]:
    columns = [*BASE_COLUMNS, "dr", *MQI_COLUMNS]
    for pavement in rules.PAVEMENTS:
        for name in damage_columns(pavement, profile):
            if name not in columns:
                columns.append(name)
    return columns


def _records(name: str, data: bytes) -> list[dict[str, Any]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
        return [dict(zip(header, r, strict=False)) for r in rows[1:]]
    if not name.lower().endswith(".csv"):
        raise ValueError("use a .csv or .xlsx file")
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return float(value)


def read_survey(path: Path, profile: dict[str, Any] = JTG_5210_2018) -> SurveySheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SurveySheet(errors=[f"{path.name}: cannot be read ({exc})"])
    return read_survey_data(path.name, data, profile)


def read_survey_data(
    name: str, data: bytes, profile: dict[str, Any] = JTG_5210_2018
) -> SurveySheet:
    """Read a sheet given as its file name and bytes (an upload or a file on disk)."""
    sheet = SurveySheet()
    try:
        records = _records(name, data)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        sheet.errors.append(f"{name}: cannot be read ({exc})")
        return sheet
    if not records:
        sheet.errors.append(f"{name}: no rows")
        return sheet
    header = set(records[0])
    missing = [
        c
        for c in ("route_code", "from_stake", "to_stake", "pavement", "road_class")
        if c not in header
    ]
    if missing:
        sheet.errors.append(f"row 1: missing columns: {', '.join(missing)}")
        return sheet
    for number, record in enumerate(records, start=2):
        if all(v in (None, "") for v in record.values()):
            continue
        errors: list[str] = []

        def error(
            column: str, reason: str, errors: list[str] = errors, number: int = number
        ) -> None:
            errors.append(f"row {number}, column {column}: {reason}")

        row: dict[str, Any] = {"line": number}
        for column in ("route_code", "from_stake", "to_stake", "pavement", "road_class"):
            row[column] = str(record.get(column) or "").strip()
        for column in ("width_m", "iri", "rd_mm", "dr", *MQI_COLUMNS):
            try:
                row[column] = _number(record.get(column))
            except (TypeError, ValueError):
                error(column, f"{record.get(column)!r} is not a number")
        if row["pavement"] not in rules.PAVEMENTS:
            error("pavement", f"{row['pavement']!r} is not asphalt, concrete or gravel")
        if row["road_class"] not in rules.ROAD_CLASSES:
            error(
                "road_class", f"{row['road_class']!r} is not one of {', '.join(rules.ROAD_CLASSES)}"
            )
        damages: dict[str, float] = {}
        if row["pavement"] in rules.PAVEMENTS:
            for column in damage_columns(row["pavement"], profile):
                try:
                    quantity = _number(record.get(column))
                except (TypeError, ValueError):
                    error(column, f"{record.get(column)!r} is not a number")
                    continue
                if quantity is not None:
                    if quantity < 0:
                        error(column, "a damaged quantity cannot be negative")
                    damages[column] = quantity
        row["damages"] = damages
        if not errors:
            try:
                row["result"] = rules.evaluate_unit(row, profile)
            except rules.ConditionError as exc:
                message = str(exc)
                column = exc.column or "route_code"
                error(column, message)
        if errors:
            sheet.errors.extend(errors)
        else:
            sheet.rows.append(row)
    if sheet.errors:
        sheet.rows = []
    return sheet
