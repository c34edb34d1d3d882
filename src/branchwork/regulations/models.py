"""The branch's rules (制度) as versioned documents, the members' acknowledgments of each
adopted version, the reminders sent, and attachments."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager
from branchwork.regulations.rules import Category, State


class Regulation(models.Model):
    """One rule of an organization (a branch's 党费收缴使用管理制度), whose text lives in its
    versions. Written only by regulations.services."""

    scope_path_field = "organization__path"
    audit_exclude = frozenset({"search_text"})

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="regulations",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    issued_by = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        help_text=_("For example, the branch committee."),
    )
    based_on = models.CharField(
        _("based on"),
        max_length=300,
        blank=True,
        help_text=_("The regulation this rule implements, for example 支部工作条例."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    # Title and the newest version's text, kept by the services for search (one indexed column;
    # a trigram index on PostgreSQL, see migration 0002).
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title"], name="one_rule_title_per_organization"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class RegulationVersion(models.Model):
    """One version of a rule's text: a draft, then adopted by a meeting, then superseded by the
    next adopted version. Adopted and superseded versions never change."""

    scope_path_field = "regulation__organization__path"
    audit_exclude = frozenset({"plain_text"})

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    body = models.TextField(_("text"), help_text=_("Sanitized HTML."))
    plain_text = models.TextField(editable=False, blank=True, default="")
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    adopted_by = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted by meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_regulations",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["plain_text"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["regulation_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["regulation"],
                condition=models.Q(state="draft"),
                name="one_draft_per_rule",
            ),
            models.UniqueConstraint(
                fields=["regulation"],
                condition=models.Q(state="adopted"),
                name="one_adopted_version_per_rule",
            ),
        ]
        indexes = [models.Index(fields=["state", "adopted_on"], name="regversion_state_idx")]

    def __str__(self) -> str:
        return f"{self.regulation.title} v{self.number}"

    @property
    def audit_org_path(self) -> str:
        return self.regulation.organization.path


class Acknowledgment(models.Model):
    """A member's confirmation of having read one adopted version."""

    scope_path_field = "version__regulation__organization__path"

    version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("rule version"),
        on_delete=models.CASCADE,
        related_name="acknowledgments",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="rule_acknowledgments",
    )
    at = models.DateTimeField(_("read on"))
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("acknowledgment")
        verbose_name_plural = _("acknowledgments")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="one_ack_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.version}"

    @property
    def audit_org_path(self) -> str:
        return self.version.regulation.organization.path


class Reminder(models.Model):
    """A reminder sent to a member who has not acknowledged a version yet."""

    scope_path_field = "version__regulation__organization__path"

    version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("rule version"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="rule_reminders",
    )
    at = models.DateTimeField(_("reminded on"))
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.member} · {self.version}"

    @property
    def audit_org_path(self) -> str:
        return self.version.regulation.organization.path


def attachment_path(instance: RegulationAttachment, filename: str) -> str:
    return f"regulations/{instance.regulation_id}/{secrets.token_hex(8)}-{filename}"


class RegulationAttachment(StoredFile):
    """A file kept with a rule (the signed original, a form it prescribes)."""

    scope_path_field = "regulation__organization__path"

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.regulation.organization.path
