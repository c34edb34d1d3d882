"""The propaganda member sets up an activity on a phone and adds a photo; a member signs up
from her phone and is checked in; the participant list goes to Excel (English). A caring visit
is recorded by the secretary and seen by the department leader, while a member and the
propaganda member cannot reach it (Chinese)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from PIL import Image

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_activity_with_phone_sign_up_photo_and_check_in(browser, demo_server, artifacts, tmp_path):
    from django.utils import timezone

    base = demo_server.url
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    organizer = browser.new_context(locale="en-US", accept_downloads=True, **PHONE)
    page = organizer.new_page()
    sign_in(page, base, "propaganda")
    page.goto(f"{base}/activities/?org=tr-highway")
    assert fits_the_phone(page)
    page.click("[data-testid=activity-create]")
    page.fill("#id_name", "平安公路志愿服务")
    page.select_option("#id_kind", "volunteer")
    page.select_option("#id_series", "peaceful_highway")
    page.select_option("#id_state", "planned")
    page.fill("#id_date", tomorrow.isoformat())
    page.fill("#id_place", "G326 线")
    page.fill("#id_hours", "3")
    page.fill("#id_capacity", "20")
    page.click("form[data-testid=activity-form] button[type=submit]")
    page.wait_for_selector("[data-testid=activity-title]")
    assert fits_the_phone(page)
    activity_url = page.url

    photo = tmp_path / "site.jpg"
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(photo, "JPEG")
    page.set_input_files("form[data-testid=photo-form] input[type=file]", str(photo))
    page.fill("form[data-testid=photo-form] input[name=caption]", "出发前合影")
    page.click("form[data-testid=photo-form] button[type=submit]")
    page.wait_for_selector("text=Photo added.")
    thumb = page.locator("[data-testid=photos] img").first
    thumb.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", thumb.element_handle()) == 480

    member = browser.new_context(locale="en-US", **PHONE)
    phone = member.new_page()
    sign_in(phone, base, "member")
    phone.goto(activity_url)
    phone.click("[data-testid=sign-up]")
    phone.wait_for_selector("text=You are signed up.")
    assert "Signed up" in phone.inner_text("[data-testid=my-participation]")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(artifacts / "activity-sign-up-phone-en.png"), full_page=True)

    page.goto(activity_url)
    row = page.locator("[data-testid=participants] li", has_text="周敏")
    row.locator("[data-testid=toggle-check-in]").click()
    page.wait_for_selector("text=Saved.")
    assert "1 signed up, 1 checked in" in page.inner_text("[data-testid=participant-counts]")
    with page.expect_download() as download:
        page.click("[data-testid=participants-export]")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    names = [r[0] for r in book.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["周敏"]

    phone.reload()
    assert "Checked in" in phone.inner_text("[data-testid=my-participation]")
    phone.click("[data-testid=language-switcher] button[value=zh-hans]")
    phone.wait_for_selector("html[lang=zh-hans]")
    assert "已签到" in phone.inner_text("[data-testid=my-participation]")
    assert "报名 1 人，签到 1 人" in phone.inner_text("[data-testid=participant-counts]")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(artifacts / "activity-checked-in-phone-zh-hans.png"), full_page=True)
    organizer.close()
    member.close()


def test_caring_visit_is_seen_only_by_the_permitted_roles(browser, demo_server, artifacts):
    base = demo_server.url
    secretary = browser.new_context(locale="zh-CN", **PHONE)
    page = secretary.new_page()
    sign_in(page, base, "secretary")
    page.goto(f"{base}/activities/?org=tr-highway")
    page.click("[data-testid=care-tab]")
    page.wait_for_selector("[data-testid=fund-ok]")
    assert "与走访记录相符" in page.inner_text("[data-testid=fund-ok]")
    assert page.inner_text("[data-testid=fund-balance]") == "¥2700.00"
    page.click("[data-testid=visit-create]")
    page.select_option("#id_category", "sick")
    page.fill("#id_visited_name", "田师傅")
    page.fill("#id_circumstances", "腰椎手术后在家休养")
    page.fill("#id_visitors", "张伟")
    page.fill("#id_money", "500")
    page.fill("#id_goods", "牛奶")
    page.click("form[data-testid=simple-form] button[type=submit]")
    page.wait_for_selector("text=走访记录已保存。")
    assert "腰椎手术后在家休养" in page.inner_text("[data-testid=visit-list]")
    assert page.inner_text("[data-testid=fund-balance]") == "¥2200.00"
    assert fits_the_phone(page)
    page.screenshot(path=str(artifacts / "caring-visit-phone-zh-hans.png"), full_page=True)

    leader = browser.new_context(locale="zh-CN")
    view = leader.new_page()
    sign_in(view, base, "leader")
    view.goto(f"{base}/activities/care/?org=tr-highway")
    assert "腰椎手术后在家休养" in view.inner_text("[data-testid=visit-list]")
    assert view.locator("[data-testid=visit-create]").count() == 0  # care.view, not care.manage
    view.click("[data-testid=language-switcher] button[value=en]")
    view.wait_for_selector("html[lang=en]")
    assert "Caring fund" in view.content() and "腰椎手术后在家休养" in view.content()
    leader.close()

    for username in ("member", "propaganda"):
        other = browser.new_context(locale="zh-CN")
        look = other.new_page()
        sign_in(look, base, username)
        look.goto(f"{base}/activities/?org=tr-highway")
        assert look.locator("[data-testid=care-tab]").count() == 0
        response = look.goto(f"{base}/activities/care/?org=tr-highway")
        assert response.status == 403
        look.goto(f"{base}/")
        assert "腰椎手术" not in look.content()
        other.close()
    secretary.close()
