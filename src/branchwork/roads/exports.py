"""The 组组通 workbooks: the dashboard (by county and by month) and the project list.

Each function returns the workbook's bytes; the views serve them with core.excel.xlsx_response.
The project list is the one the page shows for the same query (roads.filters)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, field_value, workbook_bytes
from branchwork.roads.models import RoadProject
from branchwork.roads.selectors import CountyRow, MonthRow
from branchwork.roads.services import DESCRIPTION, INVESTMENT_SOURCES

# The project columns, in order (the labels are the fields' names), then the groups connected.
PROJECT_COLUMNS = (
    *DESCRIPTION,
    "investment",
    *INVESTMENT_SOURCES,
    "contractor",
    "supervisor",
    "status",
    "started_on",
    "completed_on",
    "accepted_on",
    "accepted_by",
)


def dashboard_filename(year: int | None) -> str:
    """group-roads.xlsx for all years, group-roads-YEAR.xlsx for one program year."""
    return "group-roads.xlsx" if year is None else f"group-roads-{year}.xlsx"


def dashboard_workbook(
    counties: Iterable[CountyRow], months: Iterable[MonthRow], year: int | None
) -> bytes:
    """Two sheets: the county ranking (km, groups, money in 10,000 yuan) and the months
    (km completed, groups newly connected, running totals) of ``year`` or of all years."""
    book = Workbook()
    sheet = book.active
    sheet.title = "组组通"
    append_row(
        sheet,
        [
            _("Rank"),
            _("County"),
            _("Km built"),
            _("Km in projects"),
            _("Target (km)"),
            _("Eligible groups"),
            _("Groups connected"),
            _("Connection rate (%)"),
            _("Households"),
            _("Registered-poor people"),
            _("Investment (10,000 yuan)"),
            _("Central funds (10,000 yuan)"),
            _("Provincial funds (10,000 yuan)"),
            _("Local funds (10,000 yuan)"),
            _("Other funds (10,000 yuan)"),
            _("Investment per km (10,000 yuan)"),
        ],
    )
    bold_header(sheet)
    for row in counties:
        append_row(
            sheet,
            [
                row.rank,
                row.county.name,
                row.km_done,
                row.km_planned,
                row.km_target,
                row.eligible,
                row.connected,
                row.connected_rate,
                row.households,
                row.poor_people,
                row.investment,
                row.investment_central,
                row.investment_provincial,
                row.investment_local,
                row.investment_other,
                row.investment_per_km,
            ],
        )
    by_month = book.create_sheet(_("By month"))
    append_row(
        by_month,
        [
            _("Month"),
            _("Km completed"),
            _("Groups newly connected"),
            _("Km completed to date"),
            _("Groups connected to date"),
            _("Program year"),
        ],
    )
    bold_header(by_month)
    for m in months:
        append_row(
            by_month,
            [
                f"{m.month:%Y-%m}",
                m.km_done,
                m.groups,
                m.km_cumulative,
                m.groups_cumulative,
                year if year is not None else _("All years"),
            ],
        )
    return workbook_bytes(book)


def projects_workbook(projects: QuerySet[RoadProject]) -> bytes:
    """One row per project of ``projects`` (already scoped and filtered) with every column
    of PROJECT_COLUMNS and the number of groups connected, by county, year and name."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Road projects")
    labels = [
        str(getattr(RoadProject._meta.get_field(f), "verbose_name", f)) for f in PROJECT_COLUMNS
    ]
    append_row(sheet, [label[:1].upper() + label[1:] for label in [*labels, _("groups connected")]])
    bold_header(sheet)
    rows = (
        projects.select_related("county", "township")
        .annotate(group_count=Count("groups"))
        .order_by("county__code", "year", "name")
    )
    for p in rows:
        values = []
        for f in PROJECT_COLUMNS:
            if f in ("county", "township"):
                division = getattr(p, f)
                values.append(division.name if division else "")
            else:
                values.append(field_value(p, f))  # choices as their labels
        append_row(sheet, [*values, p.group_count])
    return workbook_bytes(book)
