"""The development register (发展党员工作台账) as Excel, and one person's file as Word."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text
from branchwork.development import rules
from branchwork.development.models import Person
from branchwork.development.selectors import dates_of, next_step_of

# The register's dated steps, as columns (the milestones of the national register layout).
REGISTER_STEPS = (1, 2, 3, 7, 9, 10, 11, 15, 17, 20, 23, 24)


def _id(person: Person, full: bool) -> str:
    return person.id_number if full else person.id_number_masked


def register_workbook(people: list[Person], *, full: bool) -> bytes:
    """One row per person (as filtered by ``PersonFilter``): identity (masked unless
    ``full``), stage, status, the dated milestones, the next step and its last allowed date."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Development register")
    headers = [
        _("Organization"),
        _("Name"),
        _("Gender"),
        _("Birth date"),
        _("ID number"),
        _("Phone"),
        _("Work unit"),
        _("Stage"),
        _("Status"),
    ]
    headers += [f"{n}. {rules.STEP_BY_NUMBER[n].label}" for n in REGISTER_STEPS]
    headers += [_("Extension (months)"), _("Next step"), _("Last allowed date")]
    append_row(sheet, headers)
    bold_header(sheet)
    for person in people:
        dates = dates_of(person)
        step = next_step_of(person)
        append_row(
            sheet,
            [
                person.organization.name,
                person.name,
                str(person.get_gender_display()),
                person.birth_date,
                _id(person, full),
                person.phone if full else person.phone_masked,
                person.work_unit,
                str(person.get_stage_display()),
                str(person.get_status_display()),
                *[dates.get(n) for n in REGISTER_STEPS],
                person.probation_extension_months or None,
                f"{step.number}. {step.label}" if step else "",
                step.latest if step else None,
            ],
        )
    return workbook_bytes(book)


def person_docx(person: Person, *, full: bool) -> bytes:
    """A person's development file: identity (ID number masked unless ``full``), then every
    step with its date, who decided, the vote's verdict, the note and the documents."""
    language = get_language() or "en"
    doc = new_document(language)
    title = doc.add_heading(_("Development file: %(name)s") % {"name": person.name}, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [
        (_("Organization"), person.organization.name),
        (_("Name"), person.name),
        (_("Gender"), str(person.get_gender_display())),
        (_("Birth date"), long_date(person.birth_date, language)),
        (_("ID number"), _id(person, full)),
        (_("Work unit"), person.work_unit),
        (_("Stage"), str(person.get_stage_display())),
        (_("Status"), str(person.get_status_display())),
        (_("Training contacts"), person.contacts),
        (_("Introducers"), "、".join(m.name for m in person.introducers.all())),
    ]:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = paragraph_text(value or "—")
    doc.add_heading(_("Steps"), level=2)
    steps = doc.add_table(rows=1, cols=5)
    steps.style = "Table Grid"
    for cell, text in zip(
        steps.rows[0].cells,
        [_("Step"), _("Date"), _("Decided by"), _("Note"), _("Documents")],
        strict=True,
    ):
        cell.text = str(text)
    for step in person.steps.all():
        note = step.note
        if step.vote_id:
            note = f"{step.vote.verdict} {note}".strip()
        if step.extension_months:
            note = _("%(m)d months. %(note)s") % {"m": step.extension_months, "note": note}
        cells = steps.add_row().cells
        cells[0].text = f"{step.number}. {step.label}" if step.number else step.label
        cells[1].text = long_date(step.date, language)
        cells[2].text = str(step.get_decided_by_display())
        cells[3].text = paragraph_text(note or "—")
        cells[4].text = paragraph_text(
            "；".join(f"{d.get_kind_display()}: {d.name}" for d in step.documents.all()) or "—"
        )
    step = next_step_of(person)
    if step is not None:
        doc.add_heading(_("Next step"), level=2)
        doc.add_paragraph(
            paragraph_text(
                f"{step.number}. {step.label}"
                + (f" — {_('by')} {long_date(step.latest, language)}" if step.latest else "")
                + f" ({step.source})"
            )
        )
    return document_bytes(doc)
