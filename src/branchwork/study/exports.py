"""The study ledger (学习台账) as an Excel workbook: the records the ledger's filter selects,
and every member's progress against the year's requirement."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes


def ledger_workbook(records: list[Any], progress: list[Any], year: int) -> bytes:
    """Sheet "records": one row per record (date, member, form, topic, hours, organized by,
    meeting, evidence files); sheet "progress": each member's hours against the requirement
    with the centralised training and the verdict, as ``selectors.progress_list`` gives it."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Records")[:31]
    append_row(
        sheet,
        [
            _("Date"),
            _("Member"),
            _("Form"),
            _("Topic"),
            _("Hours"),
            _("Organized by"),
            _("Meeting"),
            _("Evidence files"),
            _("Note"),
        ],
    )
    bold_header(sheet)
    for r in records:
        meeting = r.session.meeting if r.session_id and r.session.meeting_id else None
        append_row(
            sheet,
            [
                r.date,
                r.member.name,
                r.get_form_display(),
                r.topic,
                float(r.hours),
                r.organizer,
                str(meeting) if meeting else "",
                getattr(r, "evidence_count", 0),
                r.note,
            ],
        )
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    summary = book.create_sheet(_("Progress %(year)s") % {"year": year})
    append_row(
        summary,
        [
            _("Member"),
            _("Organization"),
            _("Required hours"),
            _("Hours done"),
            _("Centralised training needed"),
            _("Centralised training done"),
            _("Status"),
            _("Reason"),
        ],
    )
    bold_header(summary)
    for row in progress:
        p = row.progress
        append_row(
            summary,
            [
                row.member.name,
                row.member.organization.short_name or row.member.organization.name,
                float(p.required),
                float(p.done),
                _("yes") if p.centralised_needed else _("no"),
                _("yes") if p.centralised_done else _("no"),
                str(dict(_status_labels()).get(p.status, p.status)),
                p.reason,
            ],
        )
    return workbook_bytes(book)


def _status_labels() -> list[tuple[str, Any]]:
    from branchwork.study.rules import Status

    return list(Status.choices)
