"""An engineer imports a distress survey from the route's own sheet, sees the condition, and
takes a work order from raised to verified; the leader reads it in Chinese on a phone."""

import io

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(browser, url, username, **options):
    page = browser.new_page(**options)
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("main")
    return page


def test_survey_import_and_work_order(browser, demo_server, artifacts, tmp_path):
    from django.utils import translation
    from openpyxl import load_workbook

    from branchwork.maintenance.exports import column_label
    from branchwork.maintenance.models import Route

    route = Route.objects.get(code="Y008520602")
    page = _login(
        browser,
        demo_server.url,
        "engineer",
        locale="en-US",
        viewport={"width": 1280, "height": 900},
    )
    page.goto(f"{demo_server.url}/maintenance/routes/{route.pk}/")
    with page.expect_download() as download:
        page.click("text=Survey sheet for this route")
    path = tmp_path / "sheet.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    with translation.override("en"):  # the sheet's headers are labels in the page's language
        dr, to_stake = column_label("dr"), column_label("to_stake")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=header.index(dr) + 1, value=0.5 * row)
    sheet.cell(row=2, column=header.index(to_stake) + 1, value="K9+000")  # outside the route
    book.save(path)

    page.goto(f"{demo_server.url}/maintenance/surveys/import/")
    page.fill("#id_year", "2021")
    page.fill("#id_surveyed_on", "2021-10-12")
    page.set_input_files("#id_file", str(path))
    page.click("form[data-testid=import-form] button[type=submit]")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "Nothing was saved: 1 error." in errors
    assert f"row 2, column {to_stake}: K0+000–K9+000 lies outside Y008520602" in errors

    book = load_workbook(path)
    book["survey"].cell(row=2, column=header.index(to_stake) + 1, value="K1+000")
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    page.set_input_files("#id_file", str(path))
    page.fill("#id_year", "2021")
    page.fill("#id_surveyed_on", "2021-10-12")
    page.click("form[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("text=6 evaluation units imported with JTG 5210-2018 v1.")
    assert page.locator("[data-testid=survey-units] tbody tr").count() == 6

    page.goto(f"{demo_server.url}/maintenance/?year=2021&by=route")
    assert "Y008520602" in page.inner_text("[data-testid=summary]")

    page.goto(f"{demo_server.url}/maintenance/work-orders/")
    page.select_option("#id_route", label=str(route))
    page.fill("#id_from_stake", "K2+000")
    page.fill("#id_to_stake", "K2+015")
    page.fill("#id_defect", "e2e 接缝料脱落")
    page.click("form[data-testid=order-form] button[type=submit]")
    page.wait_for_selector("[data-testid=order-status]:has-text('Raised')")
    page.fill("#a-assignee", "碧江养护站二班")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=order-status]:has-text('Assigned')")
    page.click("[data-testid=advance-form] button")  # no repair or cost: refused
    page.wait_for_selector("text=Say what repair was done.")
    page.fill("#a-repair", "灌缝")
    page.fill("#a-cost", "420")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=order-status]:has-text('Repaired')")
    page.fill("#a-verified", "杨帆")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=order-status]:has-text('Verified')")
    page.screenshot(path=str(artifacts / "work-order-en.png"), full_page=True)
    page.close()

    phone = _login(
        browser, demo_server.url, "leader", locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    phone.goto(f"{demo_server.url}/maintenance/?year=2021&by=route")
    phone.wait_for_selector("html[lang=zh-hans]")
    assert "Y008520602" in phone.inner_text("[data-testid=summary]")
    phone.screenshot(path=str(artifacts / "maintenance-zh-hans-phone.png"), full_page=True)
    phone.goto(f"{demo_server.url}/maintenance/routes/{route.pk}/")
    phone.screenshot(path=str(artifacts / "route-zh-hans-phone.png"), full_page=True)
    phone.close()
