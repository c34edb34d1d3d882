"""The assessment evidence pack: its Excel sums equal the ledger's, with a manifest, the
summary and the attached documents."""

import csv
import hashlib
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from branchwork.assistance import selectors, services
from branchwork.assistance.models import EvidencePack
from tests.assistance.factories import build, entry


@pytest.fixture
def data(persona_tree):
    return build(persona_tree)


def test_the_pack_round_trips_the_ledger(persona_tree, data, django_capture_on_commit_callbacks):
    secretary = persona_tree.users["secretary"]
    first = entry(data, amount=Decimal("12000.50"))
    entry(data, kind="funds", quantity=None, amount=Decimal("80000"), household=data.household)
    entry(data, kind="project", quantity=None, amount=Decimal("300000"), source="brought_in")
    entry(data, county=data.county2, village=data.village2)  # another county: not in the pack
    services.entry_verify(actor=secretary, entry=first)
    services.entry_reverse(actor=secretary, entry=first, reason="重复")
    services.document_add(
        actor=secretary, entry=first, upload=SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 test")
    )
    client = persona_tree.client("secretary")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/assistance/packs/?org={persona_tree.branch.code}",
            {"county": data.county.pk, "year": 2019},
        )
    pack = EvidencePack.objects.get(organization=persona_tree.branch)
    assert response.status_code == 302 and response["Location"].endswith(f"/packs/{pack.pk}/")
    assert pack.state == "done" and pack.progress == 100
    status = client.get(f"/assistance/packs/{pack.pk}/")
    assert "pack-download" in status.text
    download = client.get(f"/assistance/packs/{pack.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    assert {"ledger.xlsx", "visits.xlsx", "summary.docx", "MANIFEST.csv"} <= names
    assert any(n.startswith("documents/") and n.endswith("receipt.pdf") for n in names)

    manifest = list(csv.DictReader(io.StringIO(archive.read("MANIFEST.csv").decode("utf-8-sig"))))
    for line in manifest:
        assert hashlib.sha256(archive.read(line["file"])).hexdigest() == line["sha256"]

    sheet = load_workbook(io.BytesIO(archive.read("ledger.xlsx"))).worksheets[0]
    header = [c.value for c in sheet[1]]
    amounts = [
        Decimal(str(r[header.index("Amount (yuan)")]))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    expected = selectors.ledger_totals(
        user=secretary,
        organization=persona_tree.branch,
        filters={"year": "2019", "county": "520625"},
    )
    assert sum(amounts) == expected.total == Decimal("380000.00")
    assert len(amounts) == expected.rows == 4
    households = [
        r[header.index("Household")] for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert "田大山" in households  # the secretary manages assistance: unmasked

    summary = "\n".join(
        cell.text
        for table in Document(io.BytesIO(archive.read("summary.docx"))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "380,000.00" in summary and "300,000.00" in summary


def test_an_inspector_pack_masks_households(persona_tree, data, django_capture_on_commit_callbacks):
    entry(data, kind="funds", quantity=None, household=data.household)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(
            actor=persona_tree.users["inspector"], county=data.county, year=2019, language="en"
        )
    pack.refresh_from_db()
    with pack.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    sheet = load_workbook(io.BytesIO(archive.read("ledger.xlsx"))).worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "田**" in values and "田大山" not in values


def test_the_outsider_cannot_read_a_pack(persona_tree, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(
            actor=persona_tree.users["secretary"], county=data.county, year=2019, language="en"
        )
    assert persona_tree.client("outsider").get(f"/assistance/packs/{pack.pk}/").status_code == 404
