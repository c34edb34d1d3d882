"""Excel import: all or nothing, every error named by row and column; and the CLI."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from branchwork.members import imports
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from tests.members.helpers import ENGLISH_HEADERS, roster, roster_row

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def read(rows, headers=None):
    return imports.read_members(roster(rows, headers) if headers else roster(rows), highway())


def test_a_clean_roster_reads_every_row():
    result = read([roster_row(i) for i in range(5)])
    assert result.ok, result.errors
    assert len(result.rows) == 5
    first = result.rows[0]
    assert first["gender"] == "female" and first["ethnicity"] == "15"
    assert first["category"] == "full" and first["education"] == "bachelor"
    assert first["party_group"].code == "tr-highway-g2"


def test_english_headers_and_text_dates_work():
    row = roster_row(
        1, birth_date="1980-02-07", admitted_on="2010-07-01", converted_on="2011-07-01"
    )
    row[1] = "male"
    row[7] = "full"
    result = read([row], ENGLISH_HEADERS)
    assert result.ok, result.errors


BAD_CELLS = [
    (
        {"birth_date": "1980.2.7"},
        "row 2, column 出生日期: '1980.2.7' is not a date; use an Excel date or YYYY-MM-DD.",
    ),
    ({"gender": "男性"}, "row 2, column 性别: '男性' is not a known gender."),
    ({"ethnicity": "火星族"}, "row 2, column 民族: '火星族' is not a known ethnicity."),
    ({"category": "党员"}, "row 2, column 人员类别: '党员' is not a known category."),
    ({"education": "幼儿园"}, "row 2, column 学历: '幼儿园' is not a known education."),
    (
        {"party_group": "第九党小组"},
        "row 2, column 党小组: there is no party group called '第九党小组' in 中共铜仁市公路管理局支部委员会.",
    ),
    (
        {"id_number": 520602198001010011},
        "row 2, column 身份证号: the ID number is stored as a number, which loses digits; format the column as text.",
    ),
    (
        {"id_number": "520602198002070011"},
        "row 2, column 身份证号: The check character does not match; the number is mistyped.",
    ),
    (
        {"birth_date": dt.date(1980, 2, 8)},
        "row 2, column 出生日期: The birth date 1980-02-08 does not match the ID number, which says 1980-02-07.",
    ),
    (
        {"gender": "女"},
        "row 2, column 性别: The gender Female does not match the ID number, which says Male.",
    ),
    ({"converted_on": None}, "row 2, column 转正日期: A full member needs the date of conversion."),
    ({"name": None}, "row 2, column 姓名: This field is required."),
    ({"phone": "12345"}, "row 2, column 手机号: 12345 is not a valid phone number in China."),
]


@pytest.mark.parametrize(("cells", "message"), BAD_CELLS)
def test_each_kind_of_bad_cell_is_named_by_row_and_column(cells, message):
    result = read([roster_row(1, **cells)])
    assert result.errors == [message]


def test_missing_required_column_is_reported_and_nothing_read():
    headers = ["姓名", "性别", "民族", "出生日期", "学历", "人员类别", "入党日期"]
    book = roster(
        [["甲", "男", "汉族", dt.date(1980, 1, 1), "本科", "正式党员", dt.date(2000, 1, 1)]],
        headers,
    )
    result = imports.read_members(book, highway())
    assert result.errors == ["row 1: the column 身份证号 is missing."]


def test_duplicates_within_the_file_and_on_another_roll():
    existing = Member.objects.get(name="张伟")
    twin = roster_row(2)
    result = read(
        [
            roster_row(2),
            twin,
            roster_row(
                3, id_number=existing.id_number, birth_date=existing.birth_date, gender="男"
            ),
        ]
    )
    assert "row 3, column 身份证号: the same ID number as row 2." in result.errors
    assert (
        "row 4, column 身份证号: this ID number is already on a roll in Branchwork."
        in result.errors
    )


def test_one_bad_row_means_nothing_is_written(as_persona):
    before = Member.objects.count()
    rows = [roster_row(i) for i in range(10)]
    rows[6] = roster_row(6, gender="X")
    response = as_persona("secretary").post(
        "/members/import/?org=tr-highway", {"file": roster(rows)}
    )
    assert response.status_code == 200
    assert response.context["result"].errors == ["row 8, column 性别: 'X' is not a known gender."]
    assert "Nothing was saved" in response.text
    assert Member.objects.count() == before


def test_a_good_file_is_imported_in_one_go_and_audited(as_persona):
    before = Member.objects.count()
    response = as_persona("secretary").post(
        "/members/import/?org=tr-highway", {"file": roster([roster_row(i) for i in range(10)])}
    )
    assert response.status_code == 302
    assert Member.objects.count() == before + 10
    member = Member.objects.get(name="导入3")
    assert member.history.count() == 1 and member.name_initials == "dr3"
    from branchwork.core.models import AuditEvent

    event = AuditEvent.objects.filter(kind="bulk", model="members.member").get()
    assert event.note == "10 members imported from roster.xlsx"
    assert event.changes == {"count": [None, 10]} and event.actor_name == "secretary"


def test_dry_run_checks_without_saving(as_persona):
    before = Member.objects.count()
    response = as_persona("secretary").post(
        "/members/import/?org=tr-highway", {"file": roster([roster_row(1)]), "dry_run": "on"}
    )
    assert "1 row is valid" in response.text
    assert Member.objects.count() == before


def test_only_xlsx_is_accepted(as_persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_persona("secretary").post(
        "/members/import/?org=tr-highway", {"file": SimpleUploadedFile("roster.csv", b"a,b")}
    )
    assert "Upload an .xlsx file" in response.text


def test_a_broken_file_is_reported():
    import io

    broken = io.BytesIO(b"PK\x03\x04 not really a zip")
    result = imports.read_members(broken, highway())
    assert result.errors and result.errors[0].startswith(
        "The file is not a readable .xlsx workbook"
    )


def test_template_has_the_headers_in_the_page_language(as_persona):
    import io

    from openpyxl import load_workbook

    client = as_persona("secretary")
    sheet = load_workbook(io.BytesIO(client.get("/members/template.xlsx").content)).active
    assert [c.value for c in sheet[1]][:3] == ["name", "gender", "ethnicity"]
    zh = client.get("/members/template.xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    sheet = load_workbook(io.BytesIO(zh.content)).active
    assert [c.value for c in sheet[1]][:3] == ["姓名", "性别", "民族"]


def test_cli_import_and_export(tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(roster([roster_row(i) for i in range(3)]).getvalue())
    call_command("members", "import", "--org", "tr-highway", str(good), "--dry-run")
    assert "3 rows are valid" in capsys.readouterr().out
    before = Member.objects.count()
    call_command("members", "import", "--org", "tr-highway", str(good))
    assert Member.objects.count() == before + 3
    out = tmp_path / "out.xlsx"
    call_command("members", "export", "--org", "tr-highway", str(out))
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 26
    zhang = Member.objects.get(name="张伟")
    assert zhang.id_number in [r[4] for r in rows]


def _sqlite_env(data_dir: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {**env, "BRANCHWORK_DATA_DIR": data_dir}


def test_cli_exit_status_and_stderr_for_bad_rows(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(roster([roster_row(1, gender="?"), roster_row(2, category="x")]).getvalue())
    env_data = str(tmp_path / "data")
    # A throwaway SQLite database, whatever database the suite itself runs on.
    subprocess.run(
        [sys.executable, "-m", "branchwork", "migrate", "-v0"],
        env=_sqlite_env(env_data),
        check=True,
        timeout=120,
    )
    subprocess.run(
        [sys.executable, "-m", "branchwork", "demo", "--quiet-logins"],
        env=_sqlite_env(env_data),
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = subprocess.run(
        [sys.executable, "-m", "branchwork", "members", "import", "--org", "tr-highway", str(bad)],
        env=_sqlite_env(env_data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [
        "row 2, column 性别: '?' is not a known gender.",
        "row 3, column 人员类别: 'x' is not a known category.",
    ]
    assert "Nothing imported: 2 error(s) in bad.xlsx." in lines[-1]


def test_unknown_org_in_cli_is_an_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No organization has the code 'nope'"):
        call_command("members", "export", "--org", "nope", str(tmp_path / "x.xlsx"))


def test_empty_sheet_is_reported():
    import io

    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert imports.read_members(out, highway()).errors == ["The first sheet is empty."]
