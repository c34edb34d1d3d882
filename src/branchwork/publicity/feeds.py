"""The RSS feed of a branch's public news (django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from branchwork.publicity import selectors
from branchwork.publicity.models import Channel, Item

FEED_SIZE = 30


def english() -> bool:
    return (get_language() or "").startswith("en")


def title_of(item: Item) -> str:
    return item.title_en if english() and item.title_en else item.title


def summary_of(item: Item) -> str:
    return item.summary_en if english() and item.summary_en else item.summary


def body_of(item: Item) -> str:
    return item.body_en if english() and item.body_en else item.body


def channel_title(channel: Channel) -> str:
    if english() and channel.title_en:
        return channel.title_en
    return channel.title or channel.organization.name


class NewsFeed(Feed):
    """The newest FEED_SIZE public items of one branch; the view caches its answer."""

    code = ""

    def get_object(self, request: HttpRequest, code: str) -> Channel:  # type: ignore[override]
        self.code = code
        return selectors.public_channel(code)

    def title(self, channel: Channel) -> str:
        return channel_title(channel)

    def link(self, channel: Channel) -> str:
        return reverse("publicity:public_list", args=[channel.organization.code])

    def description(self, channel: Channel) -> str:
        return _("News of %(name)s") % {"name": channel.organization.name}

    def items(self, channel: Channel) -> list[Item]:
        return list(selectors.public_items(channel)[:FEED_SIZE])

    def item_title(self, item: Item) -> str:
        return title_of(item)

    def item_description(self, item: Item) -> str:
        return summary_of(item) or body_of(item)

    def item_link(self, item: Item) -> str:
        return reverse("publicity:public_item", args=[self.code, item.pk])

    def item_pubdate(self, item: Item) -> dt.datetime | None:
        return item.publish_at

    def item_author_name(self, item: Item) -> str:
        return item.author
