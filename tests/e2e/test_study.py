"""A member sees their study progress on a phone (390 px) and marks a material read; the
secretary sees the members behind on the home page and records a collective study session
held at a party group meeting."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def test_member_sees_progress_on_a_phone_and_marks_a_material_read(browser, demo_server, artifacts):
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, demo_server.url, "member")
    line = page.inner_text("[data-testid=home-my-study-hours]")
    assert line.endswith("/ 32"), line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "study-home-phone.png"), full_page=True)

    page.click("[data-testid=home-my-study]")
    page.wait_for_selector("[data-testid=my-study-progress]")
    assert "the year's requirement is met" in page.inner_text("[data-testid=my-study-reason]")
    assert page.locator("[data-testid=my-study-records] li").count() > 10
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "study-me-phone.png"), full_page=True)

    # Unread materials come first: open the first and mark it read if it is not yet.
    page.locator("[data-testid=my-materials] li a").first.click()
    page.wait_for_selector("[data-testid=mark-read], [data-testid=read-by-me]")
    if page.is_visible("[data-testid=mark-read]"):
        page.click("[data-testid=mark-read]")
    page.wait_for_selector("[data-testid=read-by-me]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_secretary_sees_members_behind_and_records_a_session(browser, demo_server, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, demo_server.url, "secretary")
    behind = page.inner_text("[data-testid=study-behind-home]")
    assert "石磊" in behind and "何勇" in behind

    page.goto(f"{demo_server.url}/study/?org=tr-highway")
    assert page.inner_text("[data-testid=study-counted]") == "23"
    page.click("text=Record a session")
    page.wait_for_selector("form[data-testid=study-session-form]")
    option = page.locator("#id_meeting option", has_text="Party group meeting").first
    label = option.inner_text()
    page.select_option("#id_meeting", option.get_attribute("value"))
    page.fill("#id_date", label[:10])
    page.fill("#id_topic", "党小组集中学习：学习党章")
    page.fill("#id_quantity", "2")
    page.select_option("#id_unit", "class_hour")
    page.click("form[data-testid=study-session-form] button[type=submit]")
    page.wait_for_selector("text=Session recorded")
    assert "党小组集中学习：学习党章" in page.inner_text("[data-testid=study-sessions]")
    page.screenshot(path=str(artifacts / "study-sessions.png"), full_page=True)
    context.close()
