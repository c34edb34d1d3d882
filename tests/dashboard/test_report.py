"""The annual work report: `branchwork report annual` writes a .docx that LibreOffice opens,
with the demo's figures (checked in the PDF text)."""

import shutil
import subprocess

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.usefixtures("demo_data")

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_2019_report_converts_to_pdf_with_the_demo_figures(db, tmp_path):
    target = tmp_path / "report.docx"
    call_command(
        "report", "annual", "--org", "tr-highway", "--year", "2019", "--output", str(target)
    )
    assert target.stat().st_size > 10_000
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


def test_the_dashboard_button_gives_the_report(db, as_persona):
    response = as_persona("leader").get("/dashboard/report.docx?org=tr-highway&year=2019")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2019.docx"')
    assert as_persona("member").get("/dashboard/report.docx?org=tr-highway").status_code == 403
