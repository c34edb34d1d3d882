"""Word documents in Chinese official fonts (core.word), checked in the file and, through
LibreOffice, on the page."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text


def _styles_xml(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        return archive.read("word/styles.xml").decode()


def test_chinese_documents_set_east_asian_fonts_and_zh_cn():
    document = new_document("zh-hans")
    document.add_heading("支部委员会会议记录", level=1)
    document.add_paragraph("会议时间：2026年10月20日")
    styles = _styles_xml(document_bytes(document))
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles
    assert 'w:val="zh-CN"' in styles
    assert "en-US" not in styles.split("<w:style ")[0] or 'w:eastAsia="zh-CN"' in styles


def test_english_documents_still_show_chinese_names_in_chinese_fonts():
    styles = _styles_xml(document_bytes(new_document("en")))
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="zh-CN"' in styles


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (dt.date(2026, 10, 20), "zh-hans", "2026年10月20日"),
        (dt.date(2026, 1, 5), "zh-hans", "2026年1月5日"),
        (dt.date(2026, 10, 20), "en", "20 October 2026"),
    ],
)
def test_formal_dates(day, language, expected):
    assert long_date(day, language) == expected


def test_pasted_control_characters_cannot_break_a_document():
    document = new_document("zh-hans")
    document.add_paragraph(paragraph_text("第一项\x0b第二项\x07"))
    assert document_bytes(document)


def test_the_document_renders_its_chinese_text_in_libreoffice(tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not (soffice and pdftotext):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and pdftotext are needed in CI")
        pytest.skip("LibreOffice or pdftotext not installed")
    document = new_document("zh-hans")
    document.add_heading("支部委员会会议记录", level=1)
    document.add_paragraph(paragraph_text(f"会议时间：{long_date(dt.date(2026, 10, 20), 'zh')}"))
    source = tmp_path / "minutes.docx"
    source.write_bytes(document_bytes(document))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        [pdftotext, str(tmp_path / "minutes.pdf"), "-"], check=True, capture_output=True
    ).stdout.decode()
    compact = "".join(text.split())  # pdftotext may space digits apart from CJK characters
    assert "支部委员会会议记录" in compact and "会议时间：2026年10月20日" in compact
