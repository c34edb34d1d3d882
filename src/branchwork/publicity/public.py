"""The public news pages of a branch: no sign-in, only live items published to everyone, and
each answer kept in the page cache (``publicity.cache``) so that a repeated request costs no
database query. These templates use nothing of the signed-in frame (no user, no CSRF token),
so one stored page serves every reader."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from branchwork.publicity import selectors
from branchwork.publicity.cache import cached_public_page
from branchwork.publicity.feeds import NewsFeed, channel_title

PUBLIC_PAGE_SIZE = 20


def _render(request: HttpRequest, template: str, context: dict, channel: object) -> HttpResponse:
    response = render(request, template, context)
    response.cache_seconds = selectors.seconds_until_next_publication(channel)  # type: ignore[attr-defined,arg-type]
    return response


@require_GET
@cached_public_page
def public_list(request: HttpRequest, code: str, *, size: str, page: int) -> HttpResponse:
    channel = selectors.public_channel(code)
    items = Paginator(selectors.public_items(channel), PUBLIC_PAGE_SIZE).get_page(page)
    return _render(
        request,
        "publicity/public_list.html",
        {"channel": channel, "title": channel_title(channel), "page": items, "size": size},
        channel,
    )


def _article(request: HttpRequest, code: str, pk: int, size: str, template: str) -> HttpResponse:
    channel = selectors.public_channel(code)
    item = selectors.public_item(channel, pk)
    previous, following = selectors.public_neighbours(channel, item)
    return _render(
        request,
        template,
        {
            "channel": channel,
            "title": channel_title(channel),
            "item": item,
            "previous": previous,
            "following": following,
            "related": selectors.public_related(channel, item),
            "size": size,
            "sizes": ("small", "medium", "large"),
        },
        channel,
    )


@require_GET
@cached_public_page
def public_item(request: HttpRequest, code: str, *, pk: int, size: str, page: int) -> HttpResponse:
    return _article(request, code, pk, size, "publicity/public_item.html")


@require_GET
@cached_public_page
def public_print(request: HttpRequest, code: str, *, pk: int, size: str, page: int) -> HttpResponse:
    return _article(request, code, pk, size, "publicity/public_print.html")


@require_GET
@cached_public_page
def feed(request: HttpRequest, code: str, *, size: str, page: int) -> HttpResponse:
    response = NewsFeed()(request, code=code)
    channel = selectors.public_channel(code)
    response.cache_seconds = selectors.seconds_until_next_publication(channel)  # type: ignore[attr-defined]
    return response
