"""Reading distress-survey sheets (CSV or Excel): one row per evaluation unit. Every error is
collected as "row N, column X: reason"; a sheet with any error yields no units."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from branchwork.core.tabular import (
    Column,
    FormulaWithoutValue,
    TableSpec,
    error_at,
    header_key,
    read_table,
)
from branchwork.maintenance import condition
from branchwork.maintenance.profiles import JTG_5210_2018, damage_columns
from branchwork.maintenance.profiles import word_labels as profile_labels

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
REQUIRED_COLUMNS = BASE_COLUMNS[:5]  # route_code, from_stake, to_stake, pavement, road_class
# Optional: the other MQI parts (SCI, BCI, TCI) when they were surveyed for the unit.
MQI_COLUMNS = ["sci", "bci", "tci"]


@dataclass
class SurveySheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Each column's header as the file writes it (errors name columns that way).
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        """Column ``column`` named as the file names it (its code when the file lacks it)."""
        return self.headers.get(column, column)


def template_columns(profile: dict[str, Any] = JTG_5210_2018) -> list[str]:
    """Every column the survey reader takes, in sheet order: the base columns, dr, the MQI
    parts, then each pavement's damage columns from ``profile``."""
    columns = [*BASE_COLUMNS, "dr", *MQI_COLUMNS]
    for pavement in condition.PAVEMENTS:
        for name in damage_columns(pavement, profile):
            if name not in columns:
                columns.append(name)
    return columns


# Other headers offices write for the survey columns (the reader also ignores case, spaces,
# underscores and full-width forms).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "route_code": ("路线编码", "路线编号", "路线代码"),
    "from_stake": ("起点桩号", "起点"),
    "to_stake": ("止点桩号", "终点桩号", "止点", "终点"),
    "pavement": ("路面类型",),
    "road_class": ("技术等级", "公路等级"),
    "width_m": ("路面宽度", "路面宽度(m)", "width"),
    "iri": ("国际平整度指数", "平整度IRI"),
    "rd_mm": ("车辙深度", "车辙深度(mm)", "rd"),
    "dr": ("路面破损率", "路面损坏率", "DR(%)"),
}
# A free-text column the reader accepts and leaves alone.
NOTE_COLUMN = Column("note", ("备注", "说明", "remarks", "notes"))


def column_label(name: str) -> str:
    """The header of survey column ``name`` in the active language, as the template writes it
    ("Route code" / "路线编码", "alligator cracking (light)" / "龟裂（轻）"); the reader takes
    the headers of every language (``survey_spec``). Unknown names are returned as they are."""
    labels = {
        "route_code": capfirst(_("route code")),
        "from_stake": capfirst(_("start stake")),
        "to_stake": capfirst(_("end stake")),
        "pavement": capfirst(_("pavement")),
        "road_class": capfirst(_("technical grade")),
        "width_m": capfirst(_("pavement width (m)")),
        "iri": _("IRI (m/km)"),
        "rd_mm": _("Rut depth (mm)"),
        "dr": _("Damage ratio DR (%)"),
        "sci": _("Subgrade condition index SCI"),
        "bci": _("Bridge, tunnel and culvert condition index BCI"),
        "tci": _("Roadside facilities condition index TCI"),
    }
    if name in labels:
        return labels[name]
    words = profile_labels()
    if name in words:
        return str(words[name])
    damage, _sep, severity = name.rpartition("_")
    if damage in words and severity in ("light", "medium", "heavy"):
        return _("%(damage)s (%(severity)s)") % {
            "damage": words[damage],
            "severity": words[severity],
        }
    return name


def _in_every_language(function: Any, *args: Any) -> set[str]:
    """``function(*args)`` under each language of the installation."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(function(*args)))
    return found


def survey_spec(profile: dict[str, Any] = JTG_5210_2018) -> TableSpec:
    """The columns the survey reader understands under ``profile``: the template's columns
    (required: route, stakes, pavement, road class) under their code, the template's header
    in every language, and their synonyms, and a note column."""
    columns = tuple(
        Column(
            name,
            (*SYNONYMS.get(name, ()), *sorted(_in_every_language(column_label, name))),
            required=name in REQUIRED_COLUMNS,
        )
        for name in template_columns(profile)
    )
    return TableSpec(columns=(*columns, NOTE_COLUMN))


def _value_words() -> dict[str, dict[str, str]]:
    """{column: {written value, compared as a header: code}} for the pavement and the road
    class: the codes, and the labels the template writes in every language."""
    from branchwork.maintenance.models import Route

    words: dict[str, dict[str, str]] = {"pavement": {}, "road_class": {}}
    for column, choices in (
        ("pavement", Route.Pavement),
        ("road_class", Route.TechnicalGrade),
    ):
        for code, label in choices.choices:
            words[column][header_key(code)] = code
            for text in _in_every_language(str, label):
                words[column][header_key(text)] = code
    for code in condition.PAVEMENTS:  # "asphalt pavement" / "沥青路面"
        for text in _in_every_language(profile_labels().get, code):
            words["pavement"][header_key(text)] = code
    return words


def choice_label(column: str, code: str) -> str:
    """The label the template writes for a pavement or road class code, in the active
    language ("Asphalt concrete" / "沥青混凝土"); the reader takes it back."""
    from branchwork.maintenance.models import Route

    choices = {"pavement": Route.Pavement, "road_class": Route.TechnicalGrade}[column]
    return str(dict(choices.choices).get(code, code))


def _records(
    data: bytes, profile: dict[str, Any]
) -> tuple[list[tuple[int, dict[str, Any]]], list[str], dict[str, str]]:
    """(sheet row number, {column: value}) for every row under the header, through the one
    tabular reader, or the file- and header-level errors; and the headers as written."""
    table = read_table(data, survey_spec(profile))
    if table.errors:
        return [], [str(e) for e in table.errors], table.headers
    return [(row.number, row.values) for row in table.rows], [], table.headers


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, FormulaWithoutValue):
        raise ValueError("formula")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _not_a_number(value: Any) -> str:
    if isinstance(value, FormulaWithoutValue):
        return _("a formula whose value was not saved; open the file in Excel and save it again")
    return _("%(value)r is not a number") % {"value": value}


def read_survey(path: Path, profile: dict[str, Any] = JTG_5210_2018) -> SurveySheet:
    """Read a survey sheet on disk (.csv or .xlsx); see ``read_survey_data``. A file that
    cannot be read is one error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SurveySheet(
            errors=[_("%(name)s: cannot be read (%(error)s)") % {"name": path.name, "error": exc}]
        )
    return read_survey_data(path.name, data, profile)


def read_survey_data(
    name: str,
    data: bytes,
    profile: dict[str, Any] = JTG_5210_2018,
    keep_valid_rows: bool = False,
) -> SurveySheet:
    """Read a sheet given as its file name and bytes (an upload or a file on disk). With
    ``keep_valid_rows`` the rows without errors are kept next to the errors, so that a caller
    can check them further and report every error of the sheet at once."""
    sheet = SurveySheet()
    records, problems, sheet.headers = _records(data, profile)
    words = _value_words()
    if problems:
        sheet.errors.extend(f"{name}: {problem}" for problem in problems)
        return sheet
    if not records:
        sheet.errors.append(_("%(name)s: no rows") % {"name": name})
        return sheet
    for number, record in records:
        if all(v in (None, "") for v in record.values()):
            continue
        errors: list[str] = []

        def error(
            column: str, reason: str, errors: list[str] = errors, number: int = number
        ) -> None:
            errors.append(error_at(number, sheet.header(column), reason))

        row: dict[str, Any] = {"line": number}
        for column in REQUIRED_COLUMNS:
            row[column] = str(record.get(column) or "").strip()
        for column, known in words.items():  # a label of the template, in either language
            row[column] = known.get(header_key(row[column]), row[column])
        for column in ("width_m", "iri", "rd_mm", "dr", *MQI_COLUMNS):
            try:
                row[column] = _number(record.get(column))
            except (TypeError, ValueError):
                error(column, _not_a_number(record.get(column)))
        if row["pavement"] not in condition.PAVEMENTS:
            error(
                "pavement",
                _("%(value)r is not asphalt, concrete or gravel") % {"value": row["pavement"]},
            )
        if row["road_class"] not in condition.ROAD_CLASSES:
            error(
                "road_class",
                _("%(value)r is not one of %(choices)s")
                % {"value": row["road_class"], "choices": ", ".join(condition.ROAD_CLASSES)},
            )
        damages: dict[str, float] = {}
        if row["pavement"] in condition.PAVEMENTS:
            for column in damage_columns(row["pavement"], profile):
                try:
                    quantity = _number(record.get(column))
                except (TypeError, ValueError):
                    error(column, _not_a_number(record.get(column)))
                    continue
                if quantity is not None:
                    if quantity < 0:
                        error(column, _("a damaged quantity cannot be negative"))
                    damages[column] = quantity
            if "dr" in row and row["dr"] is None and not damages:
                # An empty row of a prefilled sheet is not a perfect road: say what is missing.
                error(
                    "dr",
                    _(
                        "give the damage ratio or at least one damaged quantity (0 where the "
                        "unit has no damage)"
                    ),
                )
            own = set(damage_columns(row["pavement"], profile))
            for other in condition.PAVEMENTS:
                if other == row["pavement"]:
                    continue
                for column in damage_columns(other, profile):
                    if column not in own and record.get(column) not in (None, "", 0, "0"):
                        error(
                            column,
                            _("a %(other)s damage column, but this unit is %(pavement)s")
                            % {"other": other, "pavement": row["pavement"]},
                        )
        row["damages"] = damages
        if not errors:
            try:
                row["result"] = condition.evaluate_unit(row, profile)
            except condition.ConditionError as exc:
                error(exc.column or "route_code", str(exc))
        if errors:
            sheet.errors.extend(errors)
        else:
            sheet.rows.append(row)
    if sheet.errors and not keep_valid_rows:
        sheet.rows = []
    return sheet
