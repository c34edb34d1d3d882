"""Poverty-alleviation assistance: designated counties, paired villages and households, the
ledger (one row per item, corrected by reversal), responsibility-letter targets, household
visits and evidence packs. Money is Decimal in yuan with two places."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.assistance import rules
from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class DesignatedCounty(models.Model):
    """A county the organization's unit is assigned to help (定点帮扶)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "roads.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.PositiveSmallIntegerField(_("designated since (year)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("designated county")
        verbose_name_plural = _("designated counties")
        ordering = ["county__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "county"], name="assist_one_designation_per_county"
            )
        ]

    def __str__(self) -> str:
        return self.county.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class VillagePairing(models.Model):
    """A designated village paired with a unit (单位 ↔ 村)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    designation = models.ForeignKey(
        DesignatedCounty,
        verbose_name=_("designated county"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    village = models.ForeignKey(
        "roads.Division", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("paired unit"), max_length=120)
    started_on = models.DateField(_("paired from"))
    ended_on = models.DateField(_("paired until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("village pairing")
        verbose_name_plural = _("village pairings")
        ordering = ["village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "village", "unit"], name="assist_one_pairing_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.village.name}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class Household(models.Model):
    """A household helped in a paired village (the head's name and phone are personal data:
    shown masked to viewers without ``assistance.manage``)."""

    scope_path_field = "organization__path"
    audit_masks = {"head_name": rules.mask_name}

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        VillagePairing,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    head_name = models.CharField(_("head of household"), max_length=60)
    size = models.PositiveSmallIntegerField(_("household size"))
    registered_poor = models.BooleanField(_("registered poor (建档立卡)"), default=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__village__code", "id"]

    def __str__(self) -> str:
        return f"{self.village.village.name} {rules.mask_name(self.head_name)}"

    @property
    def masked_name(self) -> str:
        return rules.mask_name(self.head_name)

    @property
    def masked_phone(self) -> str:
        from branchwork.members.rules import mask_phone

        return mask_phone(self.phone)

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class HouseholdPairing(models.Model):
    """A party member paired with a household (结对帮扶)."""

    scope_path_field = "household__organization__path"

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="pairings"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="household_pairings",
    )
    started_on = models.DateField(_("paired from"))
    ended_on = models.DateField(_("paired until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("household pairing")
        verbose_name_plural = _("household pairings")
        ordering = ["household", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "member"], name="assist_one_pairing_per_member_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.household}"

    @property
    def audit_org_path(self) -> str:
        return self.household.organization.path


class LedgerEntry(models.Model):
    """One assistance item. A verified row is never edited: a correction is a reversal row
    (negative amount, ``reverses`` pointing at the original)."""

    scope_path_field = "organization__path"

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        VERIFIED = "verified", _("Verified")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    donor = models.CharField(_("donor organization"), max_length=120)
    county = models.ForeignKey(
        DesignatedCounty,
        verbose_name=_("designated county"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    village = models.ForeignKey(
        VillagePairing,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    kind = models.CharField(_("type"), max_length=12, choices=rules.Kind.choices)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    source = models.CharField(_("source"), max_length=12, choices=rules.Source.choices)
    purpose = models.CharField(_("purpose"), max_length=300)
    road_project = models.ForeignKey(
        "roads.RoadProject",
        verbose_name=_("road project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    is_demo = models.BooleanField(_("demo figure"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "date"], name="assist_entry_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.donor} {self.get_kind_display()} {self.amount}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def recipient_label(self) -> str:
        if self.household_id:
            return str(self.household)
        if self.village_id:
            return self.village.village.name
        return self.county.county.name

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


def document_path(instance: LedgerDocument, filename: str) -> str:
    return f"assistance/{instance.entry_id}/{secrets.token_hex(8)}-{filename}"


class LedgerDocument(StoredFile):
    """A receipt or handover sign-off (签收单) attached to a ledger row."""

    scope_path_field = "entry__organization__path"

    entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to=document_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ledger document")
        verbose_name_plural = _("ledger documents")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.entry.organization.path


class IndicatorTarget(models.Model):
    """One responsibility-letter indicator of a designated county and year: the target, the
    actual reported, and how far the figures are verified."""

    scope_path_field = "organization__path"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Target set")
        REPORTED = "reported", _("Actual reported")
        VERIFIED = "verified", _("Verified")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        DesignatedCounty,
        verbose_name=_("designated county"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=24, choices=rules.Indicator.choices)
    target = models.DecimalField(_("target"), **MONEY)
    actual = models.DecimalField(_("actual reported"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("responsibility-letter target")
        verbose_name_plural = _("responsibility-letter targets")
        ordering = ["year", "county__county__code", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "indicator"], name="assist_one_target_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year} {self.get_indicator_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class Visit(models.Model):
    """A paired member's visit to their household."""

    scope_path_field = "pairing__household__organization__path"

    pairing = models.ForeignKey(
        HouseholdPairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"))
    discussed = models.TextField(_("what was discussed"), max_length=2000)
    help_given = models.TextField(_("help given"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.pairing}"

    @property
    def audit_org_path(self) -> str:
        return self.pairing.household.organization.path


def visit_photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"assistance/visits/{instance.visit_id}/{secrets.token_hex(8)}-{filename}"


class VisitPhoto(StoredFile):
    """A photo taken on a household visit (JPEG or PNG, checked by content)."""

    scope_path_field = "visit__pairing__household__organization__path"

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=visit_photo_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.visit.pairing.household.organization.path


def pack_path(instance: EvidencePack, filename: str) -> str:
    return f"assistance/packs/{secrets.token_hex(8)}-{filename}"


class EvidencePack(models.Model):
    """An assessment evidence pack being built or built (a background job with progress)."""

    scope_path_field = "organization__path"

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        DesignatedCounty, verbose_name=_("designated county"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(max_length=10, default="zh-hans")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=120, blank=True)
    file = models.FileField(_("file"), upload_to=pack_path, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence pack")
        verbose_name_plural = _("evidence packs")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.county} {self.year}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path
