"""Every write to news and openness items: drafts, the review workflow (党务公开条例 Art. 15:
propose → review → approve → publish), scheduled publishing, withdrawal and the branch's
public channel. Each service is keyword-only, takes the acting ``actor`` and writes its
activity line through ``save_as``; each change that readers can see drops the branch's
cached public pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import save_as
from branchwork.organizations.models import Organization
from branchwork.publicity import cache, rules, selectors
from branchwork.publicity.models import Channel, Item
from branchwork.publicity.sanitize import clean_body

ITEM_FIELDS = (
    "kind",
    "audience",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "body",
    "body_en",
    "author",
    "source",
    "source_url",
    "openness_rule",
    "period_year",
    "is_demo",
)


def _check(item: Item) -> None:
    errors: dict[str, list[str]] = {}
    if item.kind == rules.Kind.OPENNESS and not item.openness_rule:
        errors["openness_rule"] = [_("Say which item of the openness list this publishes.")]
    if item.openness_rule:
        rule = rules.RULES_BY_KEY[item.openness_rule]
        if rule.frequency == rules.Frequency.YEARLY and item.period_year is None:
            errors["period_year"] = [_("Say which year this item reports on.")]
    if errors:
        raise ValidationError(errors)


def _apply(item: Item, data: dict[str, Any]) -> None:
    for name in ITEM_FIELDS:
        if name in data:
            value = data[name]
            if name in ("body", "body_en"):
                value = clean_body(value or "")
            setattr(item, name, value if value is not None or name == "period_year" else "")


@transaction.atomic
def item_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    item: Item | None = None,
    related: list[Item] | None = None,
) -> Item:
    """Create a draft of ``organization`` (``item`` None) or change a draft.

    ``data``: any of ``ITEM_FIELDS``; the bodies are sanitized (``sanitize.clean_body``).
    ``related``: items of the same branch shown beside it (None leaves them as they are). Raises
    ``ValidationError`` when the item is no longer a draft (send it back from review first;
    a published item is withdrawn, not rewritten), or an openness item lacks its rule or year.
    """
    if item is not None and item.state not in rules.EDITABLE_STATES:
        raise ValidationError(
            _("Only a draft can be changed; this item is %(state)s.")
            % {"state": item.get_state_display()}
        )
    item = item or Item(organization=organization, drafted_by=_user(actor))
    _apply(item, data)
    _check(item)
    save_as(item, actor)
    if related is not None:
        if any(r.organization_id != item.organization_id or r.pk == item.pk for r in related):
            raise ValidationError({"related": [_("Related items come from the same branch.")]})
        item.related.set(related)
    return item


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _step(item: Item, step: str) -> str:
    target = rules.next_state(item.state, step)
    if target is None:
        raise ValidationError(
            _("This cannot be done to an item that is %(state)s.")
            % {"state": item.get_state_display()}
        )
    return target


@transaction.atomic
def item_submit(*, actor: Any, item: Item) -> Item:
    """Send a draft for review (Art. 15 审核). Raises ``ValidationError`` unless it is a
    draft."""
    item.state = _step(item, "submit")
    item.review_note = ""
    save_as(item, actor, note="submitted for review")
    return item


@transaction.atomic
def item_approve(*, actor: Any, item: Item, publish_at: dt.datetime | None = None) -> Item:
    """Approve an item in review and publish it now or at ``publish_at``: a later time
    schedules it (it becomes readable then, with nothing left to run); an earlier time records
    a publication made before (an item posted on the branch's notice board, entered later).
    The drafter may not approve their own item while someone
    else on the branch holds the review right (``rules.self_approval_allowed``): raises
    ``PermissionDenied`` then, ``ValidationError`` when the item is not in review."""
    target = _step(item, "approve")
    reviewer = _user(actor)
    others = selectors.other_reviewers(item.organization, exclude_user=reviewer)
    if not rules.self_approval_allowed(
        drafter_id=item.drafted_by_id,
        reviewer_id=getattr(reviewer, "pk", None),
        others=others,
    ):
        raise PermissionDenied(_("Someone else on the branch reviews what you drafted."))
    now = timezone.now()
    item.state = target
    item.publish_at = publish_at or now
    item.reviewed_by = reviewer
    item.reviewed_at = now
    note = "approved"
    if reviewer is not None and item.drafted_by_id == reviewer.pk:
        note = "approved by its drafter: nobody else on the branch reviews"
    save_as(item, actor, note=note)
    cache.invalidate(item.organization.code)
    return item


@transaction.atomic
def item_send_back(*, actor: Any, item: Item, note: str) -> Item:
    """Return an item in review to its drafter with ``note`` (what to change)."""
    item.state = _step(item, "send_back")
    if not note.strip():
        raise ValidationError({"note": [_("Say what should change.")]})
    item.review_note = note.strip()
    save_as(item, actor, note="sent back")
    return item


@transaction.atomic
def item_withdraw(*, actor: Any, item: Item, reason: str) -> Item:
    """Withdraw a published item (scheduled or live): it leaves the public pages and the
    feed at once, and the record stays with who withdrew it, when and why."""
    item.state = _step(item, "withdraw")
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the withdrawal.")]})
    item.withdrawn_at = timezone.now()
    item.withdrawal_reason = reason.strip()
    save_as(item, actor, note="withdrawn")
    cache.invalidate(item.organization.code)
    return item


@transaction.atomic
def channel_set(
    *, actor: Any, organization: Organization, enabled: bool, title: str = "", title_en: str = ""
) -> Channel:
    """Turn the branch's public pages on or off and name them."""
    channel = Channel.objects.filter(organization=organization).first() or Channel(
        organization=organization
    )
    channel.enabled, channel.title, channel.title_en = enabled, title, title_en
    save_as(channel, actor)
    cache.invalidate(organization.code)
    return channel
