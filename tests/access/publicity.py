"""Access rows of news and openness (publicity). Drafting is publicity.draft (secretary,
deputy, propaganda), reviewing publicity.review (secretary, propaganda); an item outside the
drafters' scope is 404 and a step the role may not take on an item it sees is 403 (the deputy
approving). The openness list is read by everyone on the branch (org.view). The public pages
answer everyone, signed in or not: they show only live items published to everyone."""

from __future__ import annotations

from typing import Any

from tests.access.routes import HIGHWAY, Route

ARTICLE_TITLE_START = "以支部建设"


def _actor() -> Any:
    from tests.conftest import TEST_ACTOR

    return TEST_ACTOR


def _highway() -> Any:
    from branchwork.organizations.models import Organization

    return Organization.objects.get(code=HIGHWAY)


def _article() -> dict[str, Any]:
    from branchwork.publicity.models import Item

    item = Item.objects.get(organization__code=HIGHWAY, title__startswith=ARTICLE_TITLE_START)
    return {"pk": item.pk}


def _public_article() -> dict[str, Any]:
    return {"code": HIGHWAY, **_article()}


def _draft() -> Any:
    from branchwork.publicity import services

    return services.item_save(
        actor=_actor(), organization=_highway(), data={"title": "矩阵草稿", "body": "正文"}
    )


def _in_review() -> Any:
    from branchwork.publicity import services

    item = _draft()
    return services.item_submit(actor=_actor(), item=item)


def _published() -> Any:
    from branchwork.publicity import services

    return services.item_approve(actor=_actor(), item=_in_review())


def _draft_pk() -> dict[str, Any]:
    return {"pk": _draft().pk}


def _review_pk() -> dict[str, Any]:
    return {"pk": _in_review().pk}


def _published_pk() -> dict[str, Any]:
    return {"pk": _published().pk}


def _api(make: Any) -> Any:
    return lambda: {"item_id": make()["pk"]}


PUBLIC_PAGES = {
    "publicity:public_list",
    "publicity:public_item",
    "publicity:public_print",
    "publicity:feed",
}

PAGE_ROUTES: dict[str, Route] = {
    "publicity:list": Route(query={"org": HIGHWAY}),
    "publicity:create": Route(query={"org": HIGHWAY}),
    "publicity:channel": Route(query={"org": HIGHWAY}),
    "publicity:openness": Route(query={"org": HIGHWAY}),
    "publicity:detail": Route(kwargs=_article),
    "publicity:edit": Route(kwargs=_draft_pk),
    "publicity:submit": Route(kwargs=_draft_pk, method="post"),
    "publicity:approve": Route(kwargs=_review_pk, method="post"),
    "publicity:send_back": Route(kwargs=_review_pk, method="post", data={"note": "补充来源"}),
    "publicity:withdraw": Route(kwargs=_published_pk, method="post", data={"reason": "有误"}),
    "publicity:public_list": Route(kwargs={"code": HIGHWAY}),
    "publicity:feed": Route(kwargs={"code": HIGHWAY}),
    "publicity:public_item": Route(kwargs=_public_article),
    "publicity:public_print": Route(kwargs=_public_article),
}

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                          adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "publicity:list":         (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "publicity:create":       (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "publicity:channel":      (200, 200, 403, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "publicity:openness":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "publicity:detail":       (200, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404, 302),
    "publicity:edit":         (200, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404, 302),
    "publicity:submit":       (302, 302, 302, 404, 302, 404, 404, 404, 404, 404, 404, 302),
    "publicity:approve":      (302, 302, 403, 404, 302, 404, 404, 404, 404, 404, 404, 302),
    "publicity:send_back":    (302, 302, 403, 404, 302, 404, 404, 404, 404, 404, 404, 302),
    "publicity:withdraw":     (302, 302, 403, 404, 302, 404, 404, 404, 404, 404, 404, 302),
    "publicity:public_list":  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "publicity:feed":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "publicity:public_item":  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "publicity:public_print": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/publicity/items"): Route(data={"org": HIGHWAY}),
    ("post", "/api/publicity/items"): Route(
        method="post", data={"org": HIGHWAY, "title": "接口草稿", "body": "正文"}
    ),
    ("get", "/api/publicity/items/{item_id}"): Route(kwargs=_api(_article)),
    ("patch", "/api/publicity/items/{item_id}"): Route(
        kwargs=_api(_draft_pk), method="patch", data={"title": "改过的草稿"}
    ),
    ("post", "/api/publicity/items/{item_id}/submit"): Route(kwargs=_api(_draft_pk), method="post"),
    ("post", "/api/publicity/items/{item_id}/approve"): Route(
        kwargs=_api(_review_pk), method="post", data={}
    ),
    ("post", "/api/publicity/items/{item_id}/send-back"): Route(
        kwargs=_api(_review_pk), method="post", data={"note": "补充来源"}
    ),
    ("post", "/api/publicity/items/{item_id}/withdraw"): Route(
        kwargs=_api(_published_pk), method="post", data={"reason": "有误"}
    ),
    ("get", "/api/publicity/openness"): Route(data={"org": HIGHWAY}),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                                   adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/publicity/items"):                    (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 401),
    ("post", "/api/publicity/items"):                   (201, 201, 201, 403, 201, 403, 403, 403, 403, 403, 404, 401),
    ("get", "/api/publicity/items/{item_id}"):          (200, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("patch", "/api/publicity/items/{item_id}"):        (200, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("post", "/api/publicity/items/{item_id}/submit"):  (200, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("post", "/api/publicity/items/{item_id}/approve"): (200, 200, 403, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("post", "/api/publicity/items/{item_id}/send-back"): (200, 200, 403, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("post", "/api/publicity/items/{item_id}/withdraw"): (200, 200, 403, 404, 200, 404, 404, 404, 404, 404, 404, 401),
    ("get", "/api/publicity/openness"):                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
}
# fmt: on
