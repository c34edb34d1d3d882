"""The secretary plans the year, records a general meeting with attendance and a vote, exports
the minutes, and reads it all in Chinese on a phone."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", "secretary")
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def test_plan_record_vote_and_export(browser, demo_server, artifacts, tmp_path):
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    sign_in(page, demo_server.url)
    assert page.is_visible("[data-testid=due-meetings]")

    page.goto(f"{demo_server.url}/meetings/?org=tr-highway&year=2027")
    page.fill("[data-testid=plan-form] input[name=year]", "2027")
    page.click("[data-testid=plan-form] button")
    page.wait_for_selector("text=73 meetings planned for 2027.")

    page.click("text=Record a meeting")
    page.select_option("#id_kind", "general_meeting")
    page.select_option("#id_state", "held")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_place", "党员活动室")
    page.fill("#id_topic", "讨论年度工作")
    page.fill("#id_host", "张伟")
    page.fill("#id_recorder", "李娜")
    page.click("form[data-testid=meeting-form] button[type=submit]")
    page.wait_for_selector("[data-testid=meeting-title]")
    assert "23 present" in page.inner_text("[data-testid=attendance-counts]")

    first = page.locator("select[name^=presence-]").first
    first.select_option("leave")
    page.locator("input[name^=reason-]").first.fill("出差")
    page.click("text=Save attendance")
    page.wait_for_selector("text=Attendance saved.")
    assert "22 present, 1 with leave" in page.inner_text("[data-testid=attendance-counts]")

    page.select_option("form[data-testid=vote-form] select[name=kind]", "motion")
    page.fill("form[data-testid=vote-form] input[name=subject]", "2027年工作计划")
    page.fill("form[data-testid=vote-form] input[name=votes_for]", "12")
    page.click("text=Record the vote")
    page.wait_for_selector("[data-testid=vote]")
    assert "Passed: 12 for, 22 entitled, more than 11 needed." in page.inner_text(
        "[data-testid=vote]"
    )
    page.screenshot(path=str(artifacts / "meeting-en.png"), full_page=True)

    with page.expect_download() as download:
        page.click("[data-testid=minutes-docx]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".docx" and saved.stat().st_size > 10_000

    page.click("[data-testid=language-switcher] button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "支部党员大会" in page.inner_text("[data-testid=meeting-title]")
    assert "通过" in page.inner_text("[data-testid=vote]")
    page.screenshot(path=str(artifacts / "meeting-zh-hans.png"), full_page=True)
    context.close()


def test_calendar_and_compliance_on_a_phone(browser, demo_server, artifacts):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, demo_server.url)
    page.goto(f"{demo_server.url}/meetings/calendar/?org=tr-highway&month=2019-05")
    agenda = page.inner_text("[data-testid=calendar-agenda]")
    assert "支部党员大会" in agenda and "主题党日" in agenda
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "calendar-phone-zh-hans.png"), full_page=True)
    page.goto(f"{demo_server.url}/meetings/compliance/?org=tr-highway&year=2018")
    assert "2018年第三季度" in page.inner_text("[data-testid=compliance-tr-highway]")
    page.screenshot(path=str(artifacts / "compliance-phone-zh-hans.png"), full_page=True)
    context.close()
