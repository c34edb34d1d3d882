"""Word minutes and Excel reports for meetings."""

from __future__ import annotations

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text
from branchwork.meetings.models import Attendance, Meeting
from branchwork.meetings.rules import Kind, Status
from branchwork.meetings.selectors import OrgCompliance


def minutes_docx(meeting: Meeting) -> bytes:
    """The meeting record in the usual layout: title, a table of time, place, host, recorder,
    attendance counts, then agenda, minutes, votes and resolutions. Written in the active
    language with Chinese official fonts (core.word) and the date as 2026年10月20日 in Chinese;
    pasted control characters are dropped."""
    language = get_language() or "en"
    doc = new_document(language)
    title = doc.add_heading(
        f"{meeting.organization.name} {meeting.get_kind_display()}{_('record')}", level=1
    )
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = meeting.attendance.select_related("member").order_by("member__name_pinyin")
    present = [a.member.name for a in rows if a.presence == Attendance.Presence.PRESENT]
    leave = [
        f"{a.member.name}（{a.reason}）" for a in rows if a.presence == Attendance.Presence.LEAVE
    ]
    absent = [a.member.name for a in rows if a.presence == Attendance.Presence.ABSENT]
    when = long_date(meeting.date, language) + (
        f" {meeting.start_time:%H:%M}" if meeting.start_time else ""
    )
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    fields = [
        (_("Time"), when),
        (_("Place"), meeting.place),
        (_("Host"), meeting.host),
        (_("Recorder"), meeting.recorder),
        (_("Topic"), meeting.topic or meeting.lecture_title),
    ]
    if meeting.lecturer:
        fields.append((_("Lecturer"), meeting.lecturer))
    fields += [
        (_("Expected"), str(len(rows))),
        (_("Present (%(n)d)") % {"n": len(present)}, "、".join(present)),
        (_("Absent with leave (%(n)d)") % {"n": len(leave)}, "、".join(leave)),
        (_("Absent (%(n)d)") % {"n": len(absent)}, "、".join(absent)),
    ]
    for label, value in fields:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = paragraph_text(value or "—")
    for heading, text in [
        (_("Agenda"), meeting.agenda),
        (_("Minutes"), meeting.minutes),
    ]:
        doc.add_heading(heading, level=2)
        doc.add_paragraph(paragraph_text(text or "—"))
    votes = list(meeting.votes.all())
    if votes:
        doc.add_heading(_("Votes"), level=2)
        for vote in votes:
            doc.add_paragraph(
                paragraph_text(f"{vote.subject}: {vote.verdict}"), style="List Bullet"
            )
    doc.add_heading(_("Resolutions"), level=2)
    doc.add_paragraph(paragraph_text(meeting.resolutions or "—"))
    doc.add_paragraph()
    doc.add_paragraph(_("Host (signature): ________    Recorder (signature): ________"))
    return document_bytes(doc)


def year_workbook(meetings: list[Meeting], rollup: list[OrgCompliance], year: int) -> bytes:
    """The year's workbook: a sheet of ``meetings`` (as filtered by ``MeetingFilter``, each
    annotated with ``present`` and ``expected``) and a sheet of the compliance verdicts."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Meetings %(year)d") % {"year": year}
    append_row(
        sheet,
        [
            _("Date"),
            _("Organization"),
            _("Kind"),
            _("State"),
            _("Topic"),
            _("Present"),
            _("Expected"),
        ],
    )
    bold_header(sheet)
    for m in meetings:
        append_row(
            sheet,
            [
                m.date,
                m.organization.name,
                str(m.get_kind_display()),
                str(m.get_state_display()),
                m.topic or m.lecture_title,
                getattr(m, "present", None),
                getattr(m, "expected", None),
            ],
        )
    compliance = book.create_sheet(_("Compliance %(year)d") % {"year": year})
    append_row(
        compliance,
        [
            _("Organization"),
            _("Code"),
            _("Rule"),
            pgettext("compliance", "Required"),
            _("Held"),
            _("Status"),
            pgettext("compliance", "Reason"),
        ],
    )
    bold_header(compliance)
    for entry in rollup:
        for v in entry.verdicts:
            append_row(
                compliance,
                [
                    entry.org.name,
                    entry.org.code,
                    str(Kind(v.kind).label),
                    v.required,
                    v.held,
                    str(Status(v.status).label),
                    v.reason,
                ],
            )
    return workbook_bytes(book)
