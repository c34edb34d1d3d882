"""The Content-Security-Policy holds on every page a persona reaches from the navigation: the
browser reports no violation and no script error (inline scripts would be blocked)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERSONAS = ["admin", "secretary", "member", "engineer"]


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name], main")


@pytest.mark.parametrize("username", PERSONAS)
def test_no_page_breaks_the_content_security_policy(browser, demo_server, username):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    sign_in(page, demo_server.url, username)
    links = page.eval_on_selector_all(
        "nav a[href^='/'], main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    wanted = []
    for href in links:
        path = href.split("#")[0]
        download = path.endswith((".xlsx", ".docx", ".ics", ".csv"))
        if path and path not in wanted and not download and "/api/" not in path:
            wanted.append(path)
    assert wanted
    for path in wanted[:25]:
        response = page.goto(f"{demo_server.url}{path}")
        assert response is not None and response.status < 400, (path, response and response.status)
        header = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in header
    # The organization switcher and charts run from static files under the policy.
    page.goto(f"{demo_server.url}/")
    context.close()
    assert problems == []
