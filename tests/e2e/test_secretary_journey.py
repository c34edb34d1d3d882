"""A secretary signs in, sees the branch home page, switches to Chinese, and the phone layout
works. Screenshots go to test-artifacts/."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")


def test_secretary_sees_branch_home_and_switches_to_chinese(browser, demo_server, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, demo_server.url, "secretary")

    page.wait_for_selector("[data-testid=org-name]")
    assert page.inner_text("[data-testid=org-name]") == "中共铜仁市公路管理局支部委员会"
    assert "Secretary" in page.inner_text("[data-testid=my-roles]")
    assert page.get_by_role("heading", name="Party groups").is_visible()
    assert page.is_visible("[data-testid=committee-card] >> text=张伟")
    page.screenshot(path=str(artifacts / "home-en.png"), full_page=True)

    page.click("[data-testid=language-switcher] button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.get_by_role("heading", name="党小组", exact=True).is_visible()
    assert page.get_by_role("link", name="首页").is_visible()
    assert page.get_by_role("heading", name="委员会", exact=True).is_visible()
    assert "书记" in page.inner_text("[data-testid=my-roles]")
    page.screenshot(path=str(artifacts / "home-zh-hans.png"), full_page=True)
    context.close()


def test_home_page_works_on_a_phone(browser, demo_server, artifacts):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, demo_server.url, "secretary")
    page.wait_for_selector("[data-testid=org-name]")
    # The browser asked for Chinese: the page is in Chinese without using the switcher.
    assert page.get_attribute("html", "lang") == "zh-hans"
    # The menu is collapsed behind the toggler on a phone and opens on tap.
    toggler = page.locator("button.navbar-toggler")
    assert toggler.is_visible()
    toggler.tap()
    page.wait_for_selector("#mainnav.show")
    assert page.locator("#mainnav >> text=党组织").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    page.screenshot(path=str(artifacts / "home-phone-zh-hans.png"), full_page=True)
    context.close()


def test_wrong_password_is_refused_with_a_message(browser, demo_server):
    page = browser.new_page(locale="en-US")
    page.goto(f"{demo_server.url}/accounts/login/")
    page.fill("input[name=username]", "secretary")
    page.fill("input[name=password]", "wrong-password")
    page.click("form[data-testid=login-form] button[type=submit]")
    assert re.search(r"correct username and password", page.inner_text("main"))
    page.close()
