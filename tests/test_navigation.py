"""No navigation link leads to a page its role cannot open: for each persona, every link of
the main navigation and of each section's tabs answers 200 (issue 11 §3)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PERSONAS

pytestmark = pytest.mark.usefixtures("demo_data")

NAV_LINK_ANY_ORDER = re.compile(r'<a\s[^>]*class="[^"]*nav-link[^"]*"[^>]*>', re.S)
HREF = re.compile(r'href="(/[^"#]*)"')


def nav_links(html: str) -> list[str]:
    links = []
    for tag in NAV_LINK_ANY_ORDER.findall(html):
        found = HREF.search(tag)
        if found:
            links.append(found.group(1).replace("&amp;", "&"))
    return links


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_navigation_link_of_each_persona_opens(db, as_persona, persona):
    client = as_persona(persona)
    home = client.get("/")
    assert home.status_code == 200
    seen: dict[str, int] = {}
    queue = nav_links(home.text)
    while queue:
        path = queue.pop(0)
        if path in seen or path.endswith((".ics", ".xlsx", ".docx")) or "logout" in path:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 200 and len(seen) < 80:
            queue.extend(p for p in nav_links(response.text) if p not in seen)
    dead = {p: s for p, s in seen.items() if s != 200}
    assert dead == {}, dead
    assert len(seen) >= 2
