from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core import crypto
from branchwork.core.models import Versioned
from branchwork.core.scoping import ScopedManager
from branchwork.members import rules
from branchwork.members.rules import Category, Education, Gender, Status


class Member(Versioned):
    """A party member on an organization's roll. Written only by members.services."""

    scope_path_field = "organization__path"
    # The activity log never shows the encrypted or hashed ID number (id_last4 stands for it),
    # nor the derived search keys; the phone appears masked.
    audit_exclude = frozenset(
        {"id_number_encrypted", "id_number_hash", "id_prefix6", "name_pinyin", "name_initials"}
    )
    audit_masks = {"phone": rules.mask_phone}

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    party_group = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=50, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=rules.ETHNICITY_CHOICES, default=rules.HAN
    )
    birth_date = models.DateField(_("birth date"))
    id_number_encrypted = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_last4 = models.CharField(_("ID number (last 4)"), max_length=4, editable=False)
    id_prefix6 = models.CharField(max_length=6, editable=False)
    native_place = models.CharField(_("native place"), max_length=100, blank=True)
    education = models.CharField(
        _("education"), max_length=24, choices=Education.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    post = models.CharField(_("work post"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    admitted_on = models.DateField(_("admitted on"))
    converted_on = models.DateField(_("converted to full membership on"), null=True, blank=True)
    probation_extension_months = models.PositiveSmallIntegerField(
        _("probation extended by (months)"), default=0
    )
    party_posts = models.CharField(_("party posts"), max_length=200, blank=True)
    # 留党察看: no vote, no right to elect or stand while it lasts (party-rules.md §2.2).
    disciplinary_probation_until = models.DateField(
        _("under disciplinary probation (留党察看) until"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NORMAL
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_detail = models.CharField(_("status detail"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
            models.Index(fields=["id_last4"], name="member_id_last4_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="full") | models.Q(converted_on__isnull=False),
                name="member_full_has_conversion_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    # Personal data: the clear ID number is only ever read through this property.
    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        return f"{self.id_prefix6}{'*' * 8}{self.id_last4}"

    @property
    def phone_masked(self) -> str:
        return rules.mask_phone(self.phone)

    def age(self, today: dt.date | None = None) -> int:
        return rules.whole_years(self.birth_date, today or timezone.localdate())

    def party_standing(self, today: dt.date | None = None) -> int | None:
        return rules.party_standing_years(self.converted_on, today or timezone.localdate())

    @property
    def probation_end(self) -> dt.date | None:
        if self.category != Category.PROBATIONARY:
            return None
        return rules.probation_end(self.admitted_on, self.probation_extension_months)

    @property
    def on_roll(self) -> bool:
        return self.status in rules.ON_ROLL_STATUSES


class StatusChange(models.Model):
    """One dated change of a member's status, with reason and actor."""

    scope_path_field = "member__organization__path"

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    previous_status = models.CharField(
        _("previous status"), max_length=16, choices=Status.choices, blank=True
    )
    effective_on = models.DateField(_("effective on"))
    detail = models.CharField(_("where / why"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member} → {self.get_status_display()} ({self.effective_on})"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path


class Transfer(models.Model):
    """A transfer of organizational relationship (组织关系转接), in, out or inside the system."""

    scope_path_field = "member__organization__path"

    class Direction(models.TextChoices):
        IN = "in", _("Transferred in")
        OUT = "out", _("Transferred out")
        INTERNAL = "internal", _("Moved between organizations in Branchwork")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="transfers"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    from_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("from organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_name = models.CharField(_("from"), max_length=200, blank=True)
    to_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("to organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_name = models.CharField(_("to"), max_length=200, blank=True)
    issued_on = models.DateField(_("letter issued on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    # What the transfer letter states about dues (党费交至某年某月), fixed when the member
    # leaves: the last month paid without a gap (its first day; empty when none was), and the
    # unpaid amount before the month of the transfer, which stays owed to the organization left.
    dues_paid_through = models.DateField(_("dues paid up to"), null=True, blank=True)
    dues_owed = models.DecimalField(
        _("dues owed"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_name} → {self.to_name}"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path


class CorrectionRequest(models.Model):
    """A member asks for a correction of their own record; the secretary decides."""

    scope_path_field = "member__organization__path"

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField(_("field"), max_length=40)
    requested_value = models.CharField(_("correct value"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.field}"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path

    @property
    def field_label(self) -> str:
        from branchwork.members.forms import CORRECTABLE_FIELDS

        return str(dict(CORRECTABLE_FIELDS).get(self.field, self.field))

    def _display(self, value: str) -> str:
        try:
            field = Member._meta.get_field(self.field)
        except Exception:
            return value
        return str(dict(field.flatchoices).get(value, value)) if field.choices else value

    @property
    def requested_display(self) -> str:
        """The requested value as shown to everyone: a phone is masked (the full value is
        personal data, read only through the logged reveal on the member's page)."""
        if self.field == "phone":
            return rules.mask_phone(self.requested_value)
        return self._display(self.requested_value)

    @property
    def current_display(self) -> str:
        if self.field == "other":
            return ""
        value = getattr(self.member, self.field, "")
        if self.field == "phone":
            return self.member.phone_masked
        return self._display(value.isoformat() if hasattr(value, "isoformat") else str(value or ""))
