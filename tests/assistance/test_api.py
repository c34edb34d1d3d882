"""The assistance API: scoped lists, writes through the same services."""

import json

import pytest

from tests.assistance.factories import build, entry


@pytest.fixture
def data(persona_tree):
    return build(persona_tree)


def test_record_verify_and_reverse_through_the_api(persona_tree, data):
    client = persona_tree.client("secretary")
    org = persona_tree.branch.code
    body = {
        "org": org,
        "date": "2019-04-02",
        "donor": "测试局",
        "county": "520625",
        "village": "520625100201",
        "kind": "funds",
        "amount": "5000.00",
        "source": "direct",
        "purpose": "助学",
    }
    created = client.post(
        "/api/assistance/entries", json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(f"/api/assistance/entries/{pk}/verify").json()["status"] == "verified"
    reversal = client.post(
        f"/api/assistance/entries/{pk}/reversal",
        json.dumps({"reason": "错"}),
        content_type="application/json",
    )
    assert reversal.status_code == 201 and reversal.json()["amount"] == "-5000.00"
    listed = client.get(f"/api/assistance/entries?org={org}&year=2019").json()
    assert listed["count"] == 2


def test_the_deputy_cannot_verify_and_the_outsider_sees_nothing(persona_tree, data):
    row = entry(data)
    assert (
        persona_tree.client("deputy").post(f"/api/assistance/entries/{row.pk}/verify").status_code
        == 403
    )
    assert (
        persona_tree.client("outsider").post(f"/api/assistance/entries/{row.pk}/verify").status_code
        == 404
    )


def test_a_member_reads_their_pairings_unmasked(persona_tree, data):
    rows = persona_tree.client("member").get("/api/assistance/me/pairings").json()
    assert [r["household"] for r in rows] == ["田大山"]
    masked = (
        persona_tree.client("inspector")
        .get(f"/api/assistance/pairings?org={persona_tree.branch.code}")
        .json()
    )
    assert [r["household"] for r in masked] == ["田**"]


def test_targets_through_the_api(persona_tree, data):
    client = persona_tree.client("secretary")
    org = persona_tree.branch.code
    response = client.put(
        "/api/assistance/targets",
        json.dumps(
            {
                "org": org,
                "county": "520625",
                "year": 2019,
                "indicator": "direct_funds",
                "target": "100000",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    rows = client.get(f"/api/assistance/targets?org={org}&year=2019").json()
    direct = next(r for r in rows if r["county"] == "520625" and r["indicator"] == "direct_funds")
    assert direct["target"] == "100000.00"
