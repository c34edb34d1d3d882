from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.dates import YEAR_MAX
from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager
from branchwork.honors.rules import Level, Recipient


class Honor(models.Model):
    """An honor awarded to a party organization (or its unit), a member or a named staff
    member. ``organization`` is the organization it belongs to (the member's, for a member)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="honors",
    )
    recipient = models.CharField(_("awarded to"), max_length=12, choices=Recipient.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
    )
    person_name = models.CharField(_("staff member's name"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1949), MaxValueValidator(YEAR_MAX)],
        help_text=_("Leave empty when the year is not known."),
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    period = models.CharField(
        _("period covered"), max_length=50, blank=True, help_text=_("For example 2015–2017.")
    )
    recognised_work = models.TextField(_("work recognised"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("honor")
        verbose_name_plural = _("honors")
        ordering = ["-year", "-awarded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recipient="member") | Q(member__isnull=False),
                name="honor_member_named",
            ),
            models.CheckConstraint(
                condition=~Q(recipient="person") | ~Q(person_name=""),
                name="honor_person_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year or '—'})"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def recipient_name(self) -> str:
        if self.recipient == Recipient.MEMBER and self.member is not None:
            return self.member.name
        if self.recipient == Recipient.PERSON:
            return self.person_name
        if self.recipient == Recipient.UNIT:
            return self.organization.host_unit or self.organization.name
        return self.organization.name


def certificate_path(instance: Certificate, filename: str) -> str:
    return f"honors/{instance.honor_id}/{secrets.token_hex(8)}-{filename}"


class Certificate(StoredFile):
    """A scan of an honor's certificate (a photo or a PDF)."""

    scope_path_field = "honor__organization__path"

    honor = models.ForeignKey(
        Honor, verbose_name=_("honor"), on_delete=models.CASCADE, related_name="certificates"
    )
    file = models.FileField(_("file"), upload_to=certificate_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.honor.organization.path
