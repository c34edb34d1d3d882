"""News items and notices of a branch, and the branch's choice to have public pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.scoping import ScopedManager, ScopedQuerySet
from branchwork.publicity.rules import OPENNESS_CHOICES, Audience, Kind, State


class Channel(models.Model):
    """A branch's public news pages: they answer only while ``enabled`` (the branch chose to
    make them public)."""

    scope_path_field = "organization__path"

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="news_channel",
    )
    enabled = models.BooleanField(_("public pages on"), default=False)
    title = models.CharField(_("title"), max_length=100, blank=True)
    title_en = models.CharField(_("title in English"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("news channel")
        verbose_name_plural = _("news channels")

    def __str__(self) -> str:
        return self.title or str(self.organization)

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class ItemQuerySet(ScopedQuerySet["Item"]):
    def live(self, now: object) -> ItemQuerySet:
        """Published items whose publishing time has come (``rules.is_live``)."""
        return self.filter(state=State.PUBLISHED, publish_at__lte=now)  # type: ignore[return-value]


class Item(models.Model):
    """A news article, a notice or a party-affairs openness item (党务公开) of a branch.

    Chinese is the text of record; the English title and body are optional and shown to
    readers who read English. ``body`` is sanitized HTML (sanitize.clean_body)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="news_items",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    audience = models.CharField(
        _("published to"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    body_en = models.TextField(_("body in English"), blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    openness_rule = models.CharField(
        _("openness item"), max_length=20, choices=OPENNESS_CHOICES, blank=True
    )
    period_year = models.PositiveSmallIntegerField(_("year reported"), null=True, blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("related items"), symmetrical=False, blank=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "state", "publish_at"], name="news_org_live_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    def _in_language(self, name: str) -> str:
        english = (get_language() or "").startswith("en")
        return str(
            getattr(self, f"{name}_en")
            if english and getattr(self, f"{name}_en")
            else getattr(self, name)
        )

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (Chinese when no English was written)."""
        return self._in_language("title")

    @property
    def shown_summary(self) -> str:
        return self._in_language("summary")

    @property
    def shown_body(self) -> str:
        """The sanitized body in the reader's language (Chinese when no English was written)."""
        return self._in_language("body")
