"""The demo's news (loaded once, idempotent) and the API's workflow answers."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from branchwork.publicity.models import Channel, Item
from tests.conftest import DEMO_AS_OF

pytestmark = pytest.mark.usefixtures("demo_data")


def test_demo_news_retells_the_report_in_both_languages_and_cites_the_source(db):
    from branchwork.demo.publicity import load_publicity

    article = Item.objects.get(title__startswith="以支部建设激发行业创新活力")
    assert article.is_demo and article.state == "published"
    assert "铜仁市人民政府网站" in article.source
    assert "12103公里" in article.body and "12,103 km" in article.body_en
    assert article.related.count() == 2
    assert Channel.objects.get(organization__code="tr-highway").enabled
    assert load_publicity(DEMO_AS_OF) == 0  # idempotent


def test_demo_leaves_last_years_appraisal_results_overdue(as_persona):
    home = as_persona("secretary").get("/").content.decode()
    year = DEMO_AS_OF.year - 1
    assert f"Results of the democratic appraisal of members {year}" in home
    assert "Party dues collected and used in the year" not in home


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_api_walks_the_workflow_and_refuses_self_approval(as_persona):
    propaganda = as_persona("propaganda")
    created = _post(
        propaganda, "/api/publicity/items", {"org": "tr-highway", "title": "接口", "body": "正文"}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert _post(propaganda, f"/api/publicity/items/{pk}/submit", {}).status_code == 200
    refused = _post(propaganda, f"/api/publicity/items/{pk}/approve", {})
    assert refused.status_code == 403  # the secretary also reviews on this branch
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    approved = _post(
        as_persona("secretary"), f"/api/publicity/items/{pk}/approve", {"publish_at": later}
    )
    assert approved.status_code == 200
    assert approved.json()["state"] == "published" and approved.json()["live"] is False


def test_api_refuses_to_change_a_published_item(as_persona):
    article = Item.objects.get(title__startswith="以支部建设激发行业创新活力")
    response = as_persona("secretary").patch(
        f"/api/publicity/items/{article.pk}", json.dumps({"title": "改"}), "application/json"
    )
    assert response.status_code == 422
