from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record two people may edit at the same time: it carries a version, which
    ``core.audit.save_as`` raises by one on every change, and a save that started from an
    older version is refused (``core.audit.StaleEdit``) instead of silently overwriting the
    other person's change (issue 13). Edit forms post the version back as a hidden field; API
    clients send it as ``version`` in the body of a PATCH."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by one on every change; a save from an older version is refused."),
    )

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One line of the activity log: who did what to which object, with before/after values.

    Every line is written explicitly by the service that made the change (``core.audit``:
    ``save_as``, ``delete_as``, ``record_bulk``) or performed a traceable action that changes
    nothing (exports, revealing a full ID number); no signal decides what is logged.
    """

    scope_path_field = "org_path"

    class Kind(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        REVEAL = "reveal", _("revealed personal data")
        TOKEN = "token", _("API token")
        BULK = "bulk", _("changed in bulk")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    org_path = models.CharField(max_length=500, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id"], name="audit_object_idx"),
            models.Index(
                fields=["org_path"], name="audit_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} {self.object_repr}"


class StoredFile(models.Model):
    """What every uploaded file records besides the file itself (meeting attachments, progress
    and patrol photos); each concrete model adds its ``file`` field and where it is kept."""

    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
