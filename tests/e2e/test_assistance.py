"""The secretary records, verifies and reverses an assistance row and reads the department
dashboard in both languages; a paired member records a household visit with a photo from a
phone; the leader reads the dashboard on a phone."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def sign_in(page, base_url: str, username: str = "secretary") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")


def test_record_verify_reverse_and_the_dashboard(browser, demo_server, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, demo_server.url)
    page.goto(f"{demo_server.url}/assistance/?org=tr-highway&year=2017")
    assert page.inner_text("[data-testid=ledger-total]") == "9000000.00"

    page.click("text=New row")
    page.fill("#id_date", "2026-11-02")
    page.fill("#id_donor", "铜仁市公路管理局")
    page.select_option("#id_county", label="印江土家族苗族自治县")
    page.select_option("#id_kind", "materials")
    page.fill("#id_quantity", "10")
    page.fill("#id_unit", "袋")
    page.fill("#id_amount", "2500")
    page.select_option("#id_source", "direct")
    page.fill("#id_purpose", "冬季帮扶物资")
    page.click("[data-testid=assistance-form] button[type=submit]")
    page.wait_for_selector("[data-testid=entry-detail]")
    assert page.inner_text("[data-testid=entry-status]").startswith("Recorded")
    page.click("[data-testid=verify]")
    page.wait_for_selector("text=Ledger row verified.")
    assert page.inner_text("[data-testid=entry-status]").startswith("Verified")
    page.fill("#id_reason", "数量录错")
    page.click("text=Reverse")
    page.wait_for_selector("text=Reversal recorded")
    assert page.inner_text("[data-testid=entry-amount]") == "-2500.00"
    page.screenshot(path=str(artifacts / "assistance-reversal-en.png"), full_page=True)

    page.goto(f"{demo_server.url}/dashboard/?org=tr-highway&year=2019")
    page.wait_for_selector("[data-testid=dash-assistance-2017]")
    assert page.inner_text("[data-testid=dash-assistance-2017]") == "900.00"
    assert page.inner_text("[data-testid=dash-assistance-2016]") == "50.00"
    page.wait_for_selector("#chart-assistance svg")
    page.wait_for_selector("[data-testid=dash-km]")
    page.screenshot(path=str(artifacts / "dashboard-en.png"), full_page=True)
    page.click("[data-testid=dash-assistance-2018]")
    page.wait_for_selector("[data-testid=ledger-table]")
    assert page.inner_text("[data-testid=ledger-total]") == "3000000.00"

    page.click("[data-testid=language-switcher] button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "帮扶台账" in page.inner_text("h1")
    page.goto(f"{demo_server.url}/dashboard/?org=tr-highway&year=2019")
    page.wait_for_selector("[data-testid=dash-assistance-2019]")
    assert "部门工作看板" in page.inner_text("h1")
    page.screenshot(path=str(artifacts / "dashboard-zh-hans.png"), full_page=True)
    context.close()
    assert problems == []  # no script error, no Content-Security-Policy violation


def test_a_member_records_a_visit_from_a_phone(browser, demo_server, artifacts):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, demo_server.url, "member")
    page.goto(f"{demo_server.url}/assistance/me/")
    assert "龙德财" in page.inner_text("[data-testid=pairing]")
    page.click("[data-testid=record-visit]")
    page.fill("#id_discussed", "了解冬季取暖和孩子上学情况")
    page.fill("#id_help_given", "送去棉被两床")
    page.set_input_files(
        "#id_photos", files=[{"name": "visit.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.click("[data-testid=visit-form] button[type=submit]")
    page.wait_for_selector("text=走访已登记。")
    assert "了解冬季取暖" in page.inner_text("[data-testid=pairing]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "assistance-visit-phone-zh.png"), full_page=True)
    context.close()


def test_the_leader_reads_the_dashboard_on_a_phone(browser, demo_server, artifacts):
    for locale, heading in [("zh-CN", "部门工作看板"), ("en-US", "Department dashboard")]:
        context = browser.new_context(
            locale=locale, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        sign_in(page, demo_server.url, "leader")
        page.goto(f"{demo_server.url}/dashboard/?org=tr-highway&year=2019")
        page.wait_for_selector("[data-testid=dash-assistance-2019]")
        page.wait_for_selector("#chart-assistance svg")
        assert heading in page.inner_text("h1")
        assert page.inner_text("[data-testid=dash-assistance-2019]") == "100.00"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(artifacts / f"dashboard-phone-{locale}.png"), full_page=True)
        context.close()
