"""The rules as a Word booklet (制度汇编): a title page, a table of contents and one chapter
per rule (its version in force, or the draft for a rule not adopted yet), using core.word's
official fonts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text
from branchwork.organizations.models import Organization
from branchwork.regulations.models import Regulation, RegulationVersion

TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


def _field_run(paragraph: Any, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def add_toc(document: Any, titles: list[str]) -> None:
    """A table-of-contents field over the level-1 headings. Its shown result is the list of
    ``titles`` until Word (asked by ``updateFields`` on opening) or LibreOffice refreshes it
    with page numbers, so the booklet reads right even where fields are never updated."""
    paragraph = document.add_paragraph()
    _field_run(paragraph, "begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = TOC_INSTRUCTION
    instruction._r.append(text)
    _field_run(paragraph, "separate")
    for index, title in enumerate(titles):
        run = paragraph.add_run(title)
        if index < len(titles) - 1:
            run.add_break()
    _field_run(paragraph, "end")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _chapter(document: Any, version: RegulationVersion, language: str) -> None:
    regulation = version.regulation
    document.add_heading(paragraph_text(regulation.title), level=1)
    facts = [str(regulation.get_category_display())]
    if version.adopted_on and version.adopted_by_id:
        facts.append(
            _("adopted by the %(meeting)s on %(date)s")
            % {
                "meeting": version.adopted_by.get_kind_display() if version.adopted_by else "",
                "date": long_date(version.adopted_on, language),
            }
        )
    else:
        facts.append(_("draft, not adopted"))
    facts.append(_("version %(n)d") % {"n": version.number})
    if regulation.based_on:
        facts.append(_("based on %(basis)s") % {"basis": regulation.based_on})
    note = document.add_paragraph(paragraph_text(" · ".join(facts)))
    note.runs[0].italic = True
    for line in version.plain_text.split("\n"):
        if line.strip():
            document.add_paragraph(paragraph_text(line))


def booklet_versions(regulations: list[Regulation]) -> list[RegulationVersion]:
    """For each rule, the version the booklet prints: the one in force, else the newest
    (a draft). Rules come from ``selectors.regulation_list`` (with ``in_force``)."""
    versions: dict[int, RegulationVersion] = {}
    missing = [r.pk for r in regulations if not getattr(r, "in_force", None)]
    newest: dict[int, RegulationVersion] = {}
    for row in RegulationVersion.objects.filter(regulation_id__in=missing).order_by("number"):
        newest[row.regulation_id] = row
    for regulation in regulations:
        in_force = getattr(regulation, "in_force", None)
        version: RegulationVersion | None = in_force[0] if in_force else newest.get(regulation.pk)
        if version is not None:
            version.regulation = regulation
            versions[regulation.pk] = version
    return [versions[r.pk] for r in regulations if r.pk in versions]


def booklet_docx(organization: Organization, regulations: list[Regulation]) -> bytes:
    """The booklet of ``regulations`` (from ``selectors.regulation_list``, filtered): title,
    table of contents, one chapter per rule starting on a new page."""
    language = get_language() or "zh-hans"
    document = new_document(language)
    versions = booklet_versions(regulations)
    document.add_paragraph(
        paragraph_text(organization.name + " " + _("Rules (compilation)")), style="Title"
    )
    document.add_paragraph(long_date(timezone.localdate(), language))
    document.add_heading(_("Contents"), level=2)
    add_toc(document, [v.regulation.title for v in versions])
    for version in versions:
        document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _chapter(document, version, language)
    return document_bytes(document)
