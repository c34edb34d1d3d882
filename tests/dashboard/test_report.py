"""The annual work report: `branchwork report annual` writes a .docx that LibreOffice opens,
with the demo's figures (checked in the PDF text) and its charts as images (in the .docx and
in the PDF)."""

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from docx import Document
from PIL import Image

from branchwork.dashboard import charts

pytestmark = pytest.mark.usefixtures("demo_data")

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"

# Members by category, dues by month, the road program by year, assistance by year and type.
CHARTS = 4


def chart_images(path):
    """The pictures placed in the document's text, as (width in EMU, PNG size in pixels)."""
    document = Document(str(path))
    shapes = document.inline_shapes
    sizes = []
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        part = document.part.related_parts[blip.embed]
        assert part.content_type == "image/png"
        sizes.append((shape.width, Image.open(io.BytesIO(part.blob)).size))
    return sizes


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_2019_report_converts_to_pdf_with_the_demo_figures(db, tmp_path):
    target = tmp_path / "report.docx"
    call_command(
        "report", "annual", "--org", "tr-highway", "--year", "2019", "--output", str(target)
    )
    assert target.stat().st_size > 10_000
    images = chart_images(target)
    assert len(images) == CHARTS
    assert all(size == charts.SIZE_PX and width == 6 * 914400 for width, size in images)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "2019" in text and "党建工作" in text and "帮扶工作" in text
    assert "1,000,000.00" in text  # the article's 2019 figure
    for wan in ("50.00", "900.00", "300.00", "100.00"):  # 2016-2019, in 10,000 yuan
        assert wan in text
    assert "由支部书记填写" in text
    assert "党员类别构成" in text or "党员类别" in text
    listed = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "report.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]  # two header lines, then one line per image
    assert len(listed) == CHARTS  # RGB pictures: no soft-mask images beside them
    assert {tuple(line.split()[2:5]) for line in listed} == {("image", "1200", "560")}


def test_the_english_report_has_its_charts_too(db, tmp_path):
    target = tmp_path / "report-en.docx"
    call_command(
        "report",
        "annual",
        "--org",
        "tr-highway",
        "--year",
        "2019",
        "--language",
        "en",
        "--output",
        str(target),
    )
    assert len(chart_images(target)) == CHARTS
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Assistance by year:" in text and "Dues collection by month:" in text


def test_a_year_without_figures_has_no_empty_charts(db, tmp_path):
    """2010 comes before the demo's history: no dues, roads or assistance, so only the
    members chart (the roll as it stands) is drawn."""
    target = tmp_path / "report-2010.docx"
    call_command(
        "report", "annual", "--org", "tr-highway", "--year", "2010", "--output", str(target)
    )
    assert len(chart_images(target)) == 1


def test_the_dashboard_button_gives_the_report(db, as_persona):
    response = as_persona("leader").get("/dashboard/report.docx?org=tr-highway&year=2019")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2019.docx"')
    assert as_persona("member").get("/dashboard/report.docx?org=tr-highway").status_code == 403


def test_without_a_cjk_font_the_button_says_what_to_install(db, as_persona, monkeypatch):
    from branchwork.dashboard import charts, report

    def no_font(**kwargs):
        raise charts.ChartFontMissing("install fonts-noto-cjk")

    monkeypatch.setattr(report, "annual_report", no_font)
    client = as_persona("leader")
    response = client.get("/dashboard/report.docx?org=tr-highway&year=2019")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/?org=tr-highway&year=2019"
    page = client.get(response["Location"]).content.decode()
    assert "fonts-noto-cjk" in page
