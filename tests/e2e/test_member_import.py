"""The secretary imports a roster with one bad row, sees the error and that nothing was
saved, fixes the row, imports it, and finds a new member by pinyin initials."""

import pytest

from tests.members.helpers import roster, roster_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_fix_and_find_by_initials(browser, demo_server, artifacts, tmp_path):
    from branchwork.members.models import Member

    bad = tmp_path / "roster-bad.xlsx"
    good = tmp_path / "roster-good.xlsx"
    rows = [roster_row(i) for i in range(1, 4)]
    rows[0][0] = "欧阳明月"
    broken = list(rows)
    broken[1] = roster_row(2, gender="未知")
    bad.write_bytes(roster(broken).getvalue())
    good.write_bytes(roster(rows).getvalue())
    before = Member.objects.count()

    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    page.goto(f"{demo_server.url}/accounts/login/")
    page.fill("input[name=username]", "secretary")
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=roll-total]")
    assert page.inner_text("[data-testid=roll-total]") == "23"

    page.goto(f"{demo_server.url}/members/import/?org=tr-highway")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form[data-testid=import-form] button[type=submit]")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "Nothing was saved: 1 error." in errors
    assert "row 3, column 性别: '未知' is not a known gender; use one of: 男、女." in errors
    page.screenshot(path=str(artifacts / "import-error.png"), full_page=True)
    assert Member.objects.count() == before

    page.set_input_files("input[type=file]", str(good))
    page.click("form[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("text=3 members imported.")
    assert Member.objects.count() == before + 3

    page.fill("#id_q", "oymy")
    # htmx replaces the rows as the secretary types (a locator assertion: the page's
    # Content-Security-Policy forbids the string evaluation wait_for_function uses).
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=member-table] tbody tr")).to_have_count(1)
    assert "欧阳明月" in page.inner_text("[data-testid=member-table]")
    assert "q=oymy" in page.url
    page.screenshot(path=str(artifacts / "member-search.png"), full_page=True)
    page.close()
