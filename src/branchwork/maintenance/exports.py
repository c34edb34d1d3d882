"""Excel files for maintenance: the survey template (blank or prefilled with a route's
evaluation units), a survey's results and the network summary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.maintenance import condition, rules
from branchwork.maintenance.imports import (
    BASE_COLUMNS,
    MQI_COLUMNS,
    choice_label,
    column_label,
    template_columns,
)
from branchwork.maintenance.models import Route, Survey
from branchwork.maintenance.profiles import damage_columns
from branchwork.maintenance.selectors import SummaryRow


def _header(sheet: Any, names: list[str]) -> None:
    append_row(sheet, names)
    bold_header(sheet)
    sheet.freeze_panes = "A2"


def _choices(column: str, codes: tuple[str, ...]) -> str:
    """The values a choice column takes: each label in the active language with its code
    ("沥青混凝土 (asphalt)"); the reader takes either."""
    separator = pgettext("list separator", ", ")
    return separator.join(f"{choice_label(column, code)} ({code})" for code in codes)


def _column_notes(profile: dict[str, Any]) -> list[tuple[str, str]]:
    notes = [
        ("route_code", _("Route code in the inventory, e.g. X021520602.")),
        ("from_stake", _("Start of the evaluation unit, e.g. K1+000.")),
        ("to_stake", _("End of the evaluation unit, e.g. K2+000.")),
        ("pavement", _choices("pavement", condition.PAVEMENTS)),
        ("road_class", _choices("road_class", condition.ROAD_CLASSES)),
        ("width_m", _("Surveyed pavement width (m); needed when damage quantities are given.")),
        ("iri", _("International roughness index (m/km), if measured; may be empty.")),
        ("rd_mm", _("Rut depth (mm), asphalt only, if measured; may be empty.")),
        ("dr", _("Damage ratio (%) computed elsewhere; instead of the damage columns.")),
    ]
    for name in MQI_COLUMNS:
        notes.append(
            (
                name,
                _("%(index)s (0–100) if surveyed; MQI needs all three.") % {"index": name.upper()},
            )
        )
    widths = {
        pavement: {k: v["value"] for k, v in profile["damage"][pavement]["widths"].items()}
        for pavement in condition.PAVEMENTS
    }
    for pavement in condition.PAVEMENTS:
        label = str(Route.Pavement(pavement).label)  # the label, not the code (沥青路面)
        for column in damage_columns(pavement, profile):
            damage = (
                column.rsplit("_", 1)[0]
                if column.endswith(("_light", "_medium", "_heavy"))
                else column
            )
            if damage in widths[pavement]:
                text = _("%(pavement)s: length in m (× %(width)s m)") % {
                    "pavement": label,
                    "width": widths[pavement][damage],
                }
            else:
                text = _("%(pavement)s: area in m²") % {"pavement": label}
            notes.append((column, text))
    return notes


def survey_template(profile: dict[str, Any], route: Route | None = None) -> bytes:
    """Every column the importer reads, headed by its label in the active language (the
    reader takes the headers of every language and the codes); with a route, one row per
    evaluation unit, its pavement and grade written as labels too."""
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("sheet name", "survey")
    columns = template_columns(profile)
    _header(sheet, [column_label(c) for c in columns])
    if route is not None:
        for start, end in route.units():
            values = {
                "route_code": route.code,
                "from_stake": rules.format_stake(start),
                "to_stake": rules.format_stake(end),
                "pavement": choice_label("pavement", route.pavement),
                "road_class": choice_label("road_class", route.technical_grade),
                "width_m": float(route.width_m),
            }
            append_row(sheet, [values.get(c) for c in columns])
    notes = book.create_sheet(pgettext("sheet name", "columns"))
    _header(notes, [_("Column"), _("Meaning")])
    seen = set()
    for name, text in _column_notes(profile):
        if name not in seen:
            seen.add(name)
            notes.append([column_label(name), text])
    notes.append([])
    notes.append([pgettext("condition rating", "Profile"), profile["name"]])
    return workbook_bytes(book)


def survey_results(survey: Survey, units: list[Any]) -> bytes:
    """A survey's units with their indices and condition grade, one row each (xlsx bytes)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(survey.year)
    _header(
        sheet,
        [
            *BASE_COLUMNS[:5],
            "length_m",
            "dr",
            "pci",
            "rqi",
            "rdi",
            "pqi",
            "mqi",
            _("Condition grade"),
            "profile",
        ],
    )
    for unit in units:
        append_row(
            sheet,
            [
                unit.route.code,
                unit.from_stake,
                unit.to_stake,
                unit.get_pavement_display(),
                unit.get_road_class_display(),
                unit.length_m,
                condition.shown(unit.dr),
                condition.shown(unit.pci),
                None if unit.rqi is None else condition.shown(unit.rqi),
                None if unit.rdi is None else condition.shown(unit.rdi),
                condition.shown(unit.pqi),
                None if unit.mqi is None else condition.shown(unit.mqi),
                unit.get_condition_grade_display(),
                str(survey.profile),
            ],
        )
    return workbook_bytes(book)


def summary(rows: list[SummaryRow], by_label: str) -> bytes:
    """The network summary rows (year, county or route, length-weighted indices and shares)
    as a workbook (xlsx bytes); ``by_label`` heads the grouping column."""
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("sheet name", "summary")
    _header(
        sheet,
        [
            _("Year"),
            by_label,
            _("Units"),
            _("Length (km)"),
            "PQI",
            "PCI",
            "MQI",
            _("Excellent and good (%)"),
            _("Poor and bad (%)"),
        ],
    )
    for row in rows:
        append_row(
            sheet,
            [
                row.year,
                row.label,
                row.units,
                row.length_km,
                row.pqi,
                row.pci,
                row.mqi,
                row.good_share,
                row.poor_share,
            ],
        )
    return workbook_bytes(book)
