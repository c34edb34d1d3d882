"""The dues cycle in the browser: fix a basis (with the live quote), generate the year,
record a payment, reverse it, read the report, and a member reads their statement in Chinese."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")


def test_dues_cycle(browser, demo_server, artifacts):
    from branchwork.members.models import Member

    hu = Member.objects.get(name="胡小梅")
    from django.utils import timezone

    this_month = timezone.localdate().replace(day=1)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, demo_server.url, "organizer")

    page.goto(f"{demo_server.url}/dues/bases/{hu.pk}/")
    page.select_option("#id_category", "employed")
    page.fill("#id_base", "3000.01")
    # The form opens on the stored basis, whose quote is already shown: wait for the new one.
    expect(page.locator("[data-testid=quote-result]")).to_contain_text("30.00 yuan a month")
    page.fill("#id_effective_from", f"{this_month:%Y-%m}")  # new pay from this month
    page.click("text=Save")
    page.wait_for_selector(f"text=Dues basis of {hu.name} saved.")

    page.goto(f"{demo_server.url}/dues/?org=tr-highway")
    page.fill("[data-testid=generate-form] input[name=year]", str(this_month.year))
    page.click("[data-testid=generate-form] button")
    page.wait_for_selector("text=monthly dues generated")

    page.goto(f"{demo_server.url}/dues/pay/{hu.pk}/")
    page.fill("#id_first_month", f"{this_month:%Y-%m}")
    page.fill("#id_last_month", f"{this_month:%Y-%m}")
    page.fill("#id_amount", "30.00")
    page.select_option("#id_method", "wechat")
    page.fill("#id_receipt_number", "E2E-001")
    page.click("form[data-testid=payment-form] button[type=submit]")
    page.wait_for_selector("text=Payment E2E-001 recorded.")

    page.fill("form[data-testid=reverse-form] input[name=reason]", "金额录入错误")
    page.click("form[data-testid=reverse-form] button[type=submit]")
    page.wait_for_selector("[data-testid=reversed]")
    page.screenshot(path=str(artifacts / "dues-reversed-en.png"), full_page=True)

    page.goto(f"{demo_server.url}/dues/report/?org=tr-highway&year=2019")
    assert page.inner_text("[data-testid=sum-due]") == "19222.80"
    assert "The totals do not reconcile" not in page.inner_text("main")
    context.close()

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = phone.new_page()
    sign_in(page, demo_server.url, "member")
    page.goto(f"{demo_server.url}/dues/me/?year=2019")
    assert page.get_attribute("html", "lang") == "zh-hans"
    # Today's fee: 3,965 yuan after the demo's 2023 pay adjustment, 1 % (35.40 in 2019).
    assert page.inner_text("[data-testid=my-fee]").strip() == "39.65"
    assert page.locator("[data-testid=statement] tbody tr").count() == 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "dues-statement-phone-zh-hans.png"), full_page=True)
    phone.close()


def test_dues_through_the_api(demo_server):
    import json
    import urllib.request

    from branchwork.accounts.models import User
    from branchwork.accounts.services import token_create
    from branchwork.members.models import Member

    _token, raw = token_create(actor=User.objects.get(username="organizer"), name="e2e")
    zheng = Member.objects.get(name="郑杰")

    def call(method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            demo_server.url + path,
            method=method,
            data=json.dumps(body).encode() if body else None,
            headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())

    status, payment = call(
        "POST",
        f"/api/dues/members/{zheng.pk}/payments",
        {
            "first_month": "2019-11-01",
            "last_month": "2019-12-01",
            "amount": "150.60",
            "paid_on": "2020-01-10",
            "method": "cash",
            "receipt_number": "API-1",
        },
    )
    assert status == 201 and payment["amount"] == "150.60"
    status, reversed_ = call(
        "POST", f"/api/dues/payments/{payment['id']}/reversal", {"reason": "重复"}
    )
    assert status == 201 and reversed_["reversed"] is True
    status, report = call("GET", "/api/dues/report?org=tr-highway&year=2019")
    assert report["total"]["reversed"] == "150.60" and report["total"]["arrears"] == "0.00"
