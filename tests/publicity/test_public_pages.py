"""The public pages: no sign-in, only live public items of a branch whose pages are on, and a
cache hit that costs no database query; publishing and withdrawing drop the cached pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from branchwork.publicity import services
from tests.publicity.factories import channel, draft, published


@pytest.fixture
def news(persona_tree):
    channel(persona_tree.branch)
    first = published(
        persona_tree.branch,
        title="较早的新闻",
        title_en="Older news",
        publish_at=timezone.now() - dt.timedelta(days=2),
    )
    second = published(
        persona_tree.branch,
        title="公路局新闻",
        title_en="Highway news",
        body="<p>正文</p>",
        body_en="<p>Body</p>",
        publish_at=timezone.now() - dt.timedelta(days=1),
    )
    draft(persona_tree.branch, title="草稿")
    second.related.set([first])
    return persona_tree.branch.code, first, second


def _urls(code, item):
    return [
        f"/publicity/public/{code}/",
        f"/publicity/public/{code}/{item.pk}/",
        f"/publicity/public/{code}/{item.pk}/?size=large",
        f"/publicity/public/{code}/{item.pk}/print/",
        f"/publicity/public/{code}/feed.rss",
    ]


def test_public_pages_answer_without_sign_in(news):
    code, _first, second = news
    client = Client()
    for url in _urls(code, second):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/publicity/public/{code}/{second.pk}/").content.decode()
    assert "Highway news" in page  # English is the test client's language
    assert 'data-testid="previous"' in page and "Older news" in page
    assert 'data-testid="related"' in page
    assert "草稿" not in client.get(f"/publicity/public/{code}/").content.decode()


def test_a_cache_hit_makes_no_database_query(news):
    code, _first, second = news
    client = Client()
    for url in _urls(code, second):
        assert client.get(url)["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"
        assert len(queries.captured_queries) == 0, (url, queries.captured_queries)


def test_a_signed_in_reader_gets_the_same_cached_page_without_a_query(news, persona_tree):
    code, _first, second = news
    url = f"/publicity/public/{code}/{second.pk}/"
    Client().get(url)
    client = persona_tree.client("member")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert len(queries.captured_queries) == 0


def test_withdrawing_drops_the_cached_pages_at_once(news, persona_tree):
    code, _first, second = news
    client = Client()
    url = f"/publicity/public/{code}/{second.pk}/"
    assert client.get(url).status_code == 200
    assert "Highway news" in client.get(f"/publicity/public/{code}/feed.rss").content.decode()
    services.item_withdraw(actor=persona_tree.users["secretary"], item=second, reason="有误")
    assert client.get(url).status_code == 404
    assert "Highway news" not in client.get(f"/publicity/public/{code}/").content.decode()
    assert "Highway news" not in client.get(f"/publicity/public/{code}/feed.rss").content.decode()


def test_publishing_drops_the_cached_list(news, persona_tree):
    code, *_ = news
    client = Client()
    assert "Fresh" not in client.get(f"/publicity/public/{code}/").content.decode()
    published(persona_tree.branch, title="新鲜", title_en="Fresh")
    assert "Fresh" in client.get(f"/publicity/public/{code}/").content.decode()


def test_a_scheduled_item_stays_hidden_and_bounds_the_cache(news, persona_tree, settings):
    code, *_ = news
    later = published(
        persona_tree.branch, title="定时", publish_at=timezone.now() + dt.timedelta(seconds=30)
    )
    client = Client()
    assert client.get(f"/publicity/public/{code}/{later.pk}/").status_code == 404
    from branchwork.publicity import selectors

    ch = selectors.public_channel(code)
    assert 1 <= selectors.seconds_until_next_publication(ch) <= 30


def test_only_what_the_branch_made_public_is_shown(news, persona_tree):
    code, *_ = news
    party = published(persona_tree.branch, title="党内通知", audience="party")
    client = Client()
    assert client.get(f"/publicity/public/{code}/{party.pk}/").status_code == 404
    channel(persona_tree.branch, enabled=False)
    assert client.get(f"/publicity/public/{code}/").status_code == 404
    other = persona_tree.orgs["other"]
    published(other, title="另一支部")
    assert client.get(f"/publicity/public/{other.code}/").status_code == 404  # no channel


def test_language_and_font_size_come_from_the_query(news):
    code, _first, second = news
    client = Client()
    zh = client.get(f"/publicity/public/{code}/{second.pk}/?lang=zh-hans&size=large")
    text = zh.content.decode()
    assert "公路局新闻" in text and 'class="bw-size-large"' in text
    assert 'lang="zh-hans"' in text
    odd = client.get(f"/publicity/public/{code}/{second.pk}/?size=huge")
    assert 'class="bw-size-medium"' in odd.content.decode()


def test_print_view_uses_the_print_stylesheet_on_screen(news):
    code, _first, second = news
    page = Client().get(f"/publicity/public/{code}/{second.pk}/print/").content.decode()
    assert 'data-testid="print-css"' in page and "publicity/public.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_feed_lists_live_public_items(news):
    code, _first, second = news
    response = Client().get(f"/publicity/public/{code}/feed.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "Highway news" in body and "Older news" in body
    assert f"/publicity/public/{code}/{second.pk}/" in body
