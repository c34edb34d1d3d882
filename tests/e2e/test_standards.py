"""The work committee's inspector scores the highway branch with the live evidence in view,
signs the result off, and the committee's roll-up shows it; the branch then reads it on a
phone in Chinese."""

import pytest

from tests.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def test_inspector_scores_with_live_evidence_signs_off_and_the_roll_up_shows_it(
    browser, demo_server, artifacts
):
    year = DEMO_AS_OF.year
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, demo_server.url, "inspector")

    page.goto(f"{demo_server.url}/standards/rollup/?org=tr-organs&year={year}")
    row = page.locator("[data-testid=rollup-tr-highway]")
    assert "Open" in row.inner_text()
    row.locator("a").click()
    page.wait_for_selector("[data-testid=result]")

    meetings = page.locator('[data-testid="item-life.meetings"]')
    evidence = meetings.locator("[data-testid=evidence]")
    assert "Live evidence" in evidence.inner_text()
    assert "meeting rules met" in evidence.inner_text()
    assert evidence.locator("a", has_text="Compliance").count() == 1
    study = page.locator('[data-testid="item-members.study"] [data-testid=evidence]')
    assert "members met the year's study hours" in study.inner_text()
    assert study.locator("a", has_text="Study progress").count() == 1

    for key, points in (("life.meetings", "14"), ("members.dues", "10")):
        form = page.locator(f'[data-testid="item-{key}"] [data-testid=inspector-form]')
        form.locator("input[name=points]").fill(points)
        form.locator("input[name=comment]").fill("现场查看台账，与系统记录一致")
        form.locator("button").click()
        page.wait_for_selector("text=Score saved.")
    assert page.inner_text("[data-testid=inspector-total]")

    page.select_option("#id_result", "passed")
    page.fill("#id_result_on", DEMO_AS_OF.isoformat())
    page.fill("#id_comment", "复查合格。")
    page.click("[data-testid=sign-off] button[type=submit]")
    page.wait_for_selector("text=The result is signed off.")
    assert "Passed" in page.inner_text("[data-testid=result]")
    # Signed off: no more score forms, only recorded corrections.
    assert page.locator("[data-testid=inspector-form]").count() == 0
    assert page.locator("text=Record a correction").count() > 0
    page.screenshot(path=str(artifacts / "standards-inspection-en.png"), full_page=True)

    page.goto(f"{demo_server.url}/standards/rollup/?org=tr-organs&year={year}&sort=score")
    row = page.locator("[data-testid=rollup-tr-highway]")
    assert "Passed" in row.inner_text()
    assert "Demonstration site" in row.inner_text()  # its 2017 result, in the history column
    page.goto(f"{demo_server.url}/standards/rollup/?org=tr-organs&year={year}&result=passed")
    assert page.locator("[data-testid^=rollup-]").count() == 1
    context.close()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    sign_in(page, demo_server.url, "secretary")
    page.goto(f"{demo_server.url}/standards/?org=tr-highway")
    history = page.inner_text("[data-testid=history]")
    assert str(year) in history and "2017" in history
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    page.screenshot(path=str(artifacts / "standards-branch-zh-phone.png"), full_page=True)
    phone.close()
