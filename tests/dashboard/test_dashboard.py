"""The department dashboard: the article's figures from the demo, each number linking to its
list where the viewer may open it, a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.dashboard.panels import PANELS, QUERY_BUDGET

pytestmark = pytest.mark.usefixtures("demo_data")


def panels(client, org="tr-highway", year=2019):
    """The dashboard page and the text of every panel it loads (as HTMX would)."""
    page = client.get(f"/dashboard/?org={org}&year={year}")
    assert page.status_code == 200
    texts = [page.text]
    for panel in page.context["panels"]:
        fragment = client.get(
            f"/dashboard/panels/{panel.key}/?org={org}&year={year}", HTTP_HX_REQUEST="true"
        )
        assert fragment.status_code == 200
        texts.append(fragment.text)
    return "\n".join(texts)


def test_the_leader_sees_the_articles_assistance_by_year(db, as_persona):
    text = panels(as_persona("leader"))
    for year, wan in [(2016, "50.00"), (2017, "900.00"), (2018, "300.00"), (2019, "100.00")]:
        assert f'data-testid="dash-assistance-{year}">{wan}<' in text
    assert 'data-testid="panel-members"' in text and 'data-testid="panel-roads"' in text
    # The leader may open the ledger, not the member list: only the first number links.
    assert "/assistance/?org=tr-highway&amp;year=2017" in text
    assert 'href="/members/?org=tr-highway"' not in text


def test_the_secretary_numbers_link_to_their_lists(db, as_persona):
    text = panels(as_persona("secretary"))
    assert 'href="/members/?org=tr-highway"' in text
    assert "/meetings/compliance/?org=tr-highway" in text
    assert "/dues/report/?org=tr-highway" in text
    assert 'href="/maintenance/work-orders/"' in text


@pytest.mark.parametrize("persona", ["leader", "secretary", "inspector"])
@pytest.mark.parametrize("url", ["/dashboard/", *[f"/dashboard/panels/{p.key}/" for p in PANELS]])
def test_the_page_and_each_panel_stay_within_the_query_budget(db, as_persona, persona, url):
    client = as_persona(persona)
    org = "tr-organs" if persona == "inspector" else "tr-highway"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?org={org}&year=2019", HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 403)
    assert len(queries) <= QUERY_BUDGET, "\n".join(q["sql"][:160] for q in queries)


def test_the_inspector_sees_the_committee_without_party_building_panels(db, as_persona):
    text = panels(as_persona("inspector"), org="tr-organs")
    assert 'data-testid="panel-members"' not in text
    assert 'data-testid="dash-assistance-2017">900.00<' in text


def test_a_member_may_not_open_the_dashboard(db, as_persona):
    assert as_persona("member").get("/dashboard/?org=tr-highway").status_code == 403
    assert as_persona("outsider").get("/dashboard/?org=tr-highway").status_code == 404


def test_every_panel_is_one_documented_entry():
    assert [p.key for p in PANELS] == [
        "members",
        "meetings",
        "dues",
        "roads",
        "assistance",
        "development",
        "study",
        "standards",
        "honors",
    ]
    assert all(p.template.endswith(".html") and callable(p.load) for p in PANELS)


def test_the_leader_sees_party_building_beside_central_work(db, as_persona):
    """Development and study as counts (the leader may not open those lists), the
    standardization result and the honors timeline (issue 17 §3)."""
    text = panels(as_persona("leader"), year=2026)
    for key in ("development", "study", "standards", "honors"):
        assert f'data-testid="panel-{key}"' in text, key
    assert 'data-testid="dash-study-met"' in text
    assert 'href="/study/?org' not in text and 'href="/development/?org' not in text
    assert "Demonstration site" in text or "Passed" in text
