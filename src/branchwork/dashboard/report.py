"""The annual work report (年度工作总结) of an organization as a .docx, filled from the data
the dashboard reads, in the structure offices use: party building, central work, assistance,
honors, then the problems and next year's plan left for the secretary to write.

Figures come from the owning apps' dashboard selectors (aggregates only, ``dashboard.view``),
as they stood at the end of the year. Each figure group is a table (what the assessment
office copies from) followed by a chart of it drawn by ``dashboard.charts`` (PNG, placed 6
inches wide on an A4 page): members by category, dues collection by month, the road
program by year, assistance by year and type. A chart with nothing to draw is left out.
Raises ``dashboard.charts.ChartFontMissing`` when no CJK font is installed for the charts.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches

from branchwork.core.replica import reads_from_replica
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text
from branchwork.dashboard import charts
from branchwork.organizations.models import Organization

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    # The header row repeats at the top of each page a long table runs onto.
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = paragraph_text(text)


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _a4(document: Any) -> None:
    """A4 portrait with the margins of GB/T 9704-2012 (156 mm wide text, 225 mm high)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _chart(document: Any, png: bytes | None) -> None:
    """The chart as a centred picture ``charts.WIDTH_IN`` wide, or nothing without one."""
    if png is None:
        return
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=Inches(charts.WIDTH_IN))


def _lead_in(document: Any, text: str) -> None:
    """A line introducing the table below it, kept on the same page as the table."""
    document.add_paragraph(text).paragraph_format.keep_with_next = True


def _month(month: dt.date, language: str) -> str:
    return f"{month.month}月" if language.startswith("zh") else MONTHS_EN[month.month - 1]


def annual_report(*, user: Any, organization: Organization, year: int, language: str) -> bytes:
    """The year's work report of ``organization`` as .docx bytes, in ``language``. Raises
    ``PermissionDenied`` without ``dashboard.view`` on it. Sections whose module shows nothing
    say so; the last two sections are headings with a note for the secretary.

    Its reads go to the streaming replica when one is configured and caught up
    (``core.replica``)."""
    require(user, Action.DASHBOARD_VIEW, organization)
    with translation.override(language), reads_from_replica():
        return _build(user, organization, year, language)


def _build(user: Any, org: Organization, year: int, language: str) -> bytes:
    from branchwork.assistance import rules as assistance_rules
    from branchwork.assistance.selectors import ledger_totals
    from branchwork.dues.selectors import collection_by_month, collection_figures
    from branchwork.maintenance.selectors import network_summary, work_order_list
    from branchwork.meetings.selectors import compliance_figures
    from branchwork.members import rules as member_rules
    from branchwork.members.selectors import roll_figures
    from branchwork.roads.selectors import dashboard as roads_dashboard
    from branchwork.roads.selectors import progress_by_year

    end = dt.date(year, 12, 31)
    document = new_document(language)
    _a4(document)
    document.add_heading(
        paragraph_text(_("%(org)s: work report for %(year)s") % {"org": org.name, "year": year}),
        level=0,
    )
    document.add_paragraph(paragraph_text(long_date(end, language)))

    document.add_heading(_("1. Party building"), level=1)
    if org.org_type in ("branch", "general_branch"):
        roll = roll_figures(user=user, organization=org)
        compliance, _per = compliance_figures(
            user=user, organization=org, year=year, today=end + dt.timedelta(days=1)
        )
        collection, _per_org = collection_figures(
            user=user, organization=org, year=year, today=dt.date(year + 1, 1, 1)
        )
        document.add_paragraph(
            paragraph_text(
                _(
                    "The branch has %(total)s members on the roll: %(full)s full and "
                    "%(probationary)s probationary."
                )
                % {"total": roll.total, "full": roll.full, "probationary": roll.probationary}
            )
        )
        categories = [
            (str(member_rules.Category.FULL.label), roll.full),
            (str(member_rules.Category.PROBATIONARY.label), roll.probationary),
        ]
        _table(
            document,
            [_("Member category"), _("Number of members")],
            [[c, str(n)] for c, n in categories],
        )
        _chart(
            document, charts.category_bars(title=_("Members by category"), categories=categories)
        )
        _table(
            document,
            [_("Figure"), _("Value")],
            [
                [_("Meeting rules met"), str(compliance.met)],
                [_("Meeting rules missed"), str(compliance.missed)],
                [
                    _("Dues collected (%)"),
                    "—" if collection.rate is None else f"{collection.rate}",
                ],
                [_("Dues due (yuan)"), _money(collection.due)],
                [_("Dues collected (yuan)"), _money(collection.collected)],
            ],
        )
        months = [
            (month, c)
            for month, c in collection_by_month(
                user=user, organization=org, year=year, today=dt.date(year + 1, 1, 1)
            )
            if c.due
        ]
        if months:
            _lead_in(document, _("Dues collection by month:"))
            _table(
                document,
                [_("Month"), _("Due (yuan)"), _("Collected (yuan)"), _("Collected (%)")],
                [
                    [_month(m, language), _money(c.due), _money(c.collected), f"{c.rate}"]
                    for m, c in months
                ],
            )
            _chart(
                document,
                charts.paired_bars(
                    title=_("Dues collection by month, %(year)s") % {"year": year},
                    periods=[_month(m, language) for m, _c in months],
                    first=(_("Due"), [c.due for _m, c in months]),
                    second=(_("Collected"), [c.collected for _m, c in months]),
                    ylabel=_("yuan"),
                    rates=[f"{c.rate:.0f}%" for _m, c in months],
                ),
            )
    else:
        document.add_paragraph(_("Party-building figures are reported by each branch."))

    document.add_heading(_("2. Central work"), level=1)
    if can(user, Action.ROADS_VIEW, org):
        total, counties = roads_dashboard(user=user, organization=org, year=year)
        if counties:
            document.add_paragraph(
                paragraph_text(
                    _(
                        "Group-to-group roads: %(km)s km built, %(connected)s of %(eligible)s "
                        "eligible village groups connected."
                    )
                    % {
                        "km": f"{total.km_done:.1f}",
                        "connected": total.connected,
                        "eligible": total.eligible,
                    }
                )
            )
            _table(
                document,
                [_("County"), _("Km built"), _("Groups connected")],
                [
                    [row.county.name, f"{row.km_done:.1f}", f"{row.connected} / {row.eligible}"]
                    for row in counties
                ],
            )
            progress = progress_by_year(user=user, organization=org, until=year)
            if progress:
                _lead_in(document, _("Group-to-group roads by year:"))
                _table(
                    document,
                    [
                        _("Year"),
                        _("Km built"),
                        _("Groups newly connected"),
                        _("Groups connected so far"),
                    ],
                    [
                        [
                            str(r.year),
                            f"{r.km_done:.1f}",
                            str(r.groups),
                            str(r.groups_cumulative),
                        ]
                        for r in progress
                    ],
                )
                _chart(
                    document,
                    charts.bars_and_line(
                        title=_("Group-to-group roads by year"),
                        periods=[str(r.year) for r in progress],
                        bars=(_("Km built"), [r.km_done for r in progress]),
                        line=(
                            _("Groups connected so far"),
                            [r.groups_cumulative for r in progress],
                        ),
                    ),
                )
        condition = [
            r for r in network_summary(user=user, by="year", organization=org) if r.year == year
        ]
        if condition and condition[0].good_share is not None:
            document.add_paragraph(
                paragraph_text(
                    _("Road condition in %(year)s: %(share)s%% of the length graded 优良.")
                    % {"year": year, "share": f"{condition[0].good_share:.1f}"}
                )
            )
        from branchwork.maintenance.models import Route, WorkOrder

        open_orders = (
            work_order_list(user=user)
            .filter(route__in=Route.objects.in_subtree(org))
            .exclude(status=WorkOrder.Status.VERIFIED)
            .count()
        )
        document.add_paragraph(paragraph_text(_("Open work orders: %(n)s.") % {"n": open_orders}))
    else:
        document.add_paragraph(_("No central-work figures are kept for this organization."))

    document.add_heading(_("3. Poverty-alleviation assistance"), level=1)
    totals = ledger_totals(
        user=user, organization=org, filters={"year": str(year)}, action=Action.DASHBOARD_VIEW
    )
    if totals.rows:
        document.add_paragraph(
            paragraph_text(
                _("Assistance recorded in %(year)s: %(amount)s yuan (%(wan)s 10,000 yuan).")
                % {
                    "year": year,
                    "amount": _money(totals.total),
                    "wan": assistance_rules.wan(totals.total),
                }
            )
        )
        rows = [
            [str(label), _money(totals.by_kind[value])]
            for value, label in assistance_rules.Kind.choices
            if value in totals.by_kind
        ]
        rows += [
            [str(label), _money(totals.by_source[value])]
            for value, label in assistance_rules.Source.choices
            if value in totals.by_source
        ]
        _table(document, [_("Type or source"), _("Amount (yuan)")], rows)
        all_years = ledger_totals(user=user, organization=org, action=Action.DASHBOARD_VIEW)
        # The years up to the report's: a report on 2019 does not show 2020's help.
        years = [y for y in all_years.by_year if y <= year]
        _lead_in(document, _("Assistance by year:"))
        _table(
            document,
            [_("Year"), _("Amount (10,000 yuan)")],
            [[str(y), str(assistance_rules.wan(all_years.by_year[y]))] for y in years],
        )
        _chart(
            document,
            charts.stacked_bars(
                title=_("Assistance by year and type"),
                periods=[str(y) for y in years],
                series=[
                    (
                        str(label),
                        [
                            assistance_rules.wan(all_years.by_year_kind[y].get(kind, Decimal(0)))
                            for y in years
                        ],
                    )
                    for kind, label in assistance_rules.Kind.choices
                ],
                ylabel=_("10,000 yuan"),
                totals=[str(assistance_rules.wan(all_years.by_year[y])) for y in years],
            ),
        )
    else:
        document.add_paragraph(_("No assistance was recorded this year."))

    document.add_heading(_("4. Honors"), level=1)
    document.add_paragraph(
        _("The honors received this year (from the activities module when it is installed).")
    )
    document.add_heading(_("5. Problems"), level=1)
    document.add_paragraph(_("(For the secretary to write.)"))
    document.add_heading(_("6. Next year's plan"), level=1)
    document.add_paragraph(_("(For the secretary to write.)"))
    return document_bytes(document)
