"""Word documents as Chinese offices write them (minutes, reports, letters).

python-docx's default template names only Western fonts (Calibri) and marks text as en-US, so
Word, WPS and LibreOffice pick an arbitrary CJK font. ``new_document`` sets, in the styles:

- body text: 仿宋 (FangSong) for East Asian text, Times New Roman for Latin, 14 pt (四号);
- headings: 黑体 (SimHei), 16 pt (三号); the title: 宋体 (SimSun) bold, 22 pt (二号), the fonts
  GB/T 9704-2012 (the layout of official documents) uses for these parts;
- the language of the text zh-CN (East Asian) in Chinese documents.

``long_date`` writes a date as formal documents do: 2026年10月20日 in Chinese.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from branchwork.core.text import strip_control

BODY_FONT = ("仿宋", "FangSong")
HEADING_FONT = ("黑体", "SimHei")
TITLE_FONT = ("宋体", "SimSun")
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TITLE_SIZE = Pt(22)  # 二号
HEADING_SIZE = Pt(16)  # 三号


def _set_fonts(style: Any, east_asian: str, size: Any, *, bold: bool | None = None) -> None:
    style.font.name = LATIN_FONT
    style.font.size = size
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def _set_language(style: Any, language: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    if language.startswith("zh"):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    else:
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "zh-CN")


def new_document(language: str) -> Any:
    """A python-docx Document whose styles use Chinese official fonts and ``language``
    ("zh-hans" or "en") as the text's language. East Asian text uses 仿宋/黑体/宋体 in both."""
    document = Document()
    styles = document.styles
    _set_fonts(styles["Normal"], BODY_FONT[0], BODY_SIZE)
    _set_language(styles["Normal"], language)
    _set_fonts(styles["Title"], TITLE_FONT[0], TITLE_SIZE, bold=True)
    for level in (1, 2, 3):
        _set_fonts(styles[f"Heading {level}"], HEADING_FONT[0], HEADING_SIZE, bold=True)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_language(styles[name], language)
        styles[name].font.color.rgb = None
    return document


def paragraph_text(value: str) -> str:
    """Free text ready for a paragraph: without characters a .docx cannot hold."""
    return strip_control(value)


def document_bytes(document: Any) -> bytes:
    """The document as .docx bytes."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def long_date(day: dt.date, language: str) -> str:
    """A date as formal documents write it: 2026年10月20日 (Chinese), 20 October 2026."""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"
