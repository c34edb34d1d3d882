"""The page cache of the public news pages: a cache hit answers without a database query.

Each branch's pages are stored under a version key; publishing, withdrawing, changing a live
item or the branch's channel replaces the version (``invalidate``), so every page of that
branch is computed anew on its next request. A page is kept at most PUBLICITY_CACHE_SECONDS,
and never past the next scheduled publishing time of its branch (the view says when that is),
so a scheduled item appears on time with nothing left to run.

The cache is the ``public_pages`` alias when settings define it (a file cache shared by every
worker process), else the default cache.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from branchwork.publicity.rules import font_size

ALIAS = "public_pages"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def page_cache() -> BaseCache:
    """The cache holding the public pages."""
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]


def _namespace() -> str:
    """The database the pages were computed from: installations (or test processes, one
    database each) that share a cache directory never read each other's pages. Reading the
    name costs no query."""
    return str(connection.settings_dict.get("NAME", ""))


def _version_key(code: str) -> str:
    return f"publicity:version:{_namespace()}:{code}"


def version(code: str) -> str:
    """The current version of branch ``code``'s pages (made on first use)."""
    cache = page_cache()
    current = cache.get(_version_key(code))
    if current is None:
        cache.add(_version_key(code), uuid.uuid4().hex, None)
        current = cache.get(_version_key(code)) or ""
    return str(current)


def invalidate(code: str) -> None:
    """Drop every cached page of branch ``code``: now, and again when the transaction that
    changed it commits (a page computed in between would otherwise keep the old text)."""

    def bump() -> None:
        page_cache().set(_version_key(code), uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= 10_000 else 1


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view(request, code, size=..., page=..., **kwargs)`` from the page cache.

    The key holds the branch's version, the language (``?lang=`` overrides the browser's), the
    view, its arguments, the font size and the list page, each normalized so that odd query
    strings cannot multiply the stored pages. Only 200 answers are stored; the view sets
    ``response.cache_seconds`` to say how long its page stays right.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
        lang = request.GET.get("lang")
        if lang in LANGUAGES:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        size = font_size(request.GET.get("size"))
        page = _page_number(request.GET.get("page"))
        args = ":".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
        key = (
            f"publicity:page:{_namespace()}:{code}:{version(code)}:{translation.get_language()}:"
            f"{view.__name__}:{args}:{size}:{page}"
        )
        cache = page_cache()
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, code, size=size, page=page, **kwargs)
        if response.status_code == 200 and not response.streaming:
            seconds = min(
                getattr(response, "cache_seconds", settings.PUBLICITY_CACHE_SECONDS),
                settings.PUBLICITY_CACHE_SECONDS,
            )
            if seconds > 0:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
