"""Member exports keep formula-like text as text (write-only workbook)."""

import io

from openpyxl import load_workbook

from branchwork.members.models import Member


def test_member_export_keeps_formula_like_text_as_text(as_persona):
    member = Member.objects.filter(organization__code="tr-highway").first()
    Member.objects.filter(pk=member.pk).update(post='=HYPERLINK("http://example.org","x")')
    content = as_persona("secretary").get("/members/export.xlsx?org=tr-highway").content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert cells and all(c.data_type == "s" for c in cells)
