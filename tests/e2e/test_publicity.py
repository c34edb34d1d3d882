"""News from draft to reader, in English and in Chinese: the propaganda committee member
drafts an article and sends it for review, the secretary approves it from the home page, and
a reader without an account finds it on the branch's public pages, enlarges the text, prints
it from the print view and finds it in the RSS feed."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en-US": {"title": "Road crews clear the Yinjiang road", "lang": "en"},
    "zh-CN": {"title": "养护队清理印江公路塌方", "lang": "zh-hans"},
}


def sign_in(browser, base_url: str, username: str, locale: str, **options):
    context = browser.new_context(locale=locale, **options)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")
    return context, page


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_draft_review_publish_read_print_and_feed(browser, demo_server, artifacts, locale):
    base = demo_server.url
    title = TEXT[locale]["title"]
    lang = TEXT[locale]["lang"]

    drafting, page = sign_in(browser, base, "propaganda", locale)
    page.goto(f"{base}/publicity/?org=tr-highway")
    page.click("[data-testid=new-item]")
    page.select_option("#id_kind", "news")
    page.select_option("#id_audience", "public")
    page.fill("#id_title", title)
    page.fill("#id_body", "5月20日，养护队员冒雨清理塌方。\n\n当天下午恢复通行。")
    page.fill("#id_title_en", "Road crews clear the Yinjiang road")
    page.fill("#id_body_en", "On 20 May the crews cleared a landslide in the rain.")
    page.click("form[data-testid=item-form] button[type=submit]")
    page.wait_for_selector("[data-testid=item-title]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=state]")
    assert page.get_attribute("html", "lang") == lang
    drafting.close()

    reviewing, page = sign_in(browser, base, "secretary", locale)
    page.click("[data-testid=publicity-waiting]")
    page.click(f"text={title}")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=public-link]")
    public_url = page.get_attribute("[data-testid=public-link]", "href")
    reviewing.close()

    reader = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = reader.new_page()
    page.goto(f"{base}/publicity/public/tr-highway/")
    page.click(f"[data-testid=public-items] >> text={title}")
    page.wait_for_selector("[data-testid=public-article]")
    assert page.url.endswith(public_url)
    assert page.get_attribute("html", "lang") == lang
    assert page.is_visible("[data-testid=previous]")  # the demo's article came before
    page.click("[data-testid=size-large]")
    page.wait_for_selector("body.bw-size-large")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / f"publicity-article-{lang}.png"), full_page=True)

    page.click("[data-testid=print-link]")
    page.wait_for_selector("[data-testid=print-button]")
    assert title in page.inner_text("[data-testid=article-title]")
    page.emulate_media(media="print")
    assert not page.is_visible("[data-testid=print-button]")
    page.pdf(path=str(artifacts / f"publicity-print-{lang}.pdf"))

    feed = page.request.get(f"{base}/publicity/public/tr-highway/feed.rss")
    assert feed.ok and feed.headers["content-type"].startswith("application/rss+xml")
    assert public_url in feed.text()
    reader.close()


def test_demo_article_reads_in_chinese_with_related_items(browser, demo_server, artifacts):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{demo_server.url}/publicity/public/tr-highway/")
    page.click("text=以支部建设激发行业创新活力")
    assert "12103公里" in page.inner_text("[data-testid=article-body]")
    assert "铜仁市人民政府网站" in page.inner_text("[data-testid=article-meta]")
    assert page.is_visible("[data-testid=demo-note]")
    related = page.inner_text("[data-testid=related]")
    assert "全省脱贫攻坚先进党组织" in related and "标准化建设示范点" in related
    page.click("[data-testid=public-languages] >> text=English")
    assert "12,103 km" in page.inner_text("[data-testid=article-body]")
    page.screenshot(path=str(artifacts / "publicity-demo-phone.png"), full_page=True)
    context.close()
