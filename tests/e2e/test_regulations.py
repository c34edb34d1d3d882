"""A member confirms reading the newly adopted dues rule with one tap on a phone, and the
secretary's list of who has read it updates."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RULE = "党费收缴使用管理制度"


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def test_member_acknowledges_on_a_phone_and_the_secretary_sees_it(browser, demo_server, artifacts):
    from branchwork.regulations.models import RegulationVersion

    version = RegulationVersion.objects.get(
        regulation__organization__code="tr-highway", regulation__title=RULE, state="adopted"
    )
    readers_url = f"{demo_server.url}/rules/versions/{version.pk}/readers/"

    desk = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    secretary = desk.new_page()
    sign_in(secretary, demo_server.url, "secretary")
    secretary.goto(readers_url)
    assert "20/23" in secretary.inner_text("[data-testid=read-count]")
    assert secretary.locator("[data-testid=reader-missing]", has_text="周敏").count() == 1

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    sign_in(page, demo_server.url, "member")
    card = page.locator("[data-testid=rules-to-read]")
    assert RULE in card.inner_text()
    page.goto(f"{demo_server.url}/rules/?org=tr-highway")
    row = page.locator("[data-testid=rule-row]", has_text=RULE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "rules-phone-zh-hans.png"), full_page=True)
    row.locator("[data-testid=acknowledge]").tap()
    row.locator("[data-testid=acknowledged]").wait_for()
    assert row.locator("[data-testid=acknowledge]").count() == 0
    page.goto(f"{demo_server.url}/")
    assert page.locator("[data-testid=rules-to-read]").count() == 0
    phone.close()

    secretary.reload()
    assert "21/23" in secretary.inner_text("[data-testid=read-count]")
    done = secretary.locator("[data-testid=reader-done]", has_text="周敏")
    assert done.count() == 1
    assert secretary.locator("[data-testid=reader-missing]", has_text="周敏").count() == 0
    secretary.screenshot(path=str(artifacts / "rules-readers-en.png"), full_page=True)
    desk.close()
