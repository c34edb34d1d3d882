"""Factories for news items, built through publicity.services like real use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from branchwork.publicity import services


def _actor() -> Any:
    from tests.conftest import TEST_ACTOR

    return TEST_ACTOR


def draft(organization: Any, *, actor: Any = None, **fields: Any) -> Any:
    """A draft of ``organization`` (title and body filled in unless given)."""
    data = {"title": "支部新闻", "body": "正文第一段。\n\n正文第二段。", **fields}
    return services.item_save(actor=actor or _actor(), organization=organization, data=data)


def published(organization: Any, *, publish_at: dt.datetime | None = None, **fields: Any) -> Any:
    """An item drafted, submitted and approved by the test actor (now, or at ``publish_at``)."""
    item = draft(organization, **fields)
    services.item_submit(actor=_actor(), item=item)
    return services.item_approve(actor=_actor(), item=item, publish_at=publish_at)


def channel(organization: Any, *, enabled: bool = True) -> Any:
    return services.channel_set(
        actor=_actor(), organization=organization, enabled=enabled, title="测试支部新闻"
    )
