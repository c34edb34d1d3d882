from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager
from branchwork.study.rules import Form


class StudyPlan(models.Model):
    """An organization's study plan for a year (its topics by month are ``PlanItem``)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="study_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_study_plan_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


def material_path(instance: Material, filename: str) -> str:
    return f"study/materials/{instance.organization_id}/{secrets.token_hex(8)}-{filename}"


class Material(models.Model):
    """A document or link of the materials library, by topic."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="study_materials",
    )
    topic = models.CharField(_("topic"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=material_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_on = models.DateField(_("added on"))
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")
        ordering = ["topic", "-added_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class MaterialRead(models.Model):
    """A member has read a material (marked by the member, or by whoever keeps the library)."""

    scope_path_field = "material__organization__path"

    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.CASCADE, related_name="reads"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="material_reads",
    )
    read_on = models.DateField(_("read on"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("material read")
        verbose_name_plural = _("materials read")
        constraints = [
            models.UniqueConstraint(fields=["material", "member"], name="one_read_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.material}"

    @property
    def audit_org_path(self) -> str:
        return self.material.organization.path


class PlanItem(models.Model):
    """One topic of a study plan, in a month, with the materials to study."""

    scope_path_field = "plan__organization__path"

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="items"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    topic = models.CharField(_("topic"), max_length=200)
    materials = models.ManyToManyField(
        Material, verbose_name=_("materials"), blank=True, related_name="plan_items"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("plan topic")
        verbose_name_plural = _("plan topics")
        ordering = ["month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="plan_item_month_1_12"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:02d} {self.topic}"

    @property
    def audit_org_path(self) -> str:
        return self.plan.organization.path


class StudySession(models.Model):
    """A collective study session, linked to the meeting that held it where it was a general
    meeting, a party lecture or a party group meeting."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective study session")
        verbose_name_plural = _("collective study sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class StudyRecord(models.Model):
    """Hours one member studied on one date. ``source_key`` names the module and object that
    added it through ``services.record_external_hours`` (one record per member and key)."""

    scope_path_field = "member__organization__path"

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="study_records",
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    session = models.ForeignKey(
        StudySession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="records",
    )
    organizer = models.CharField(
        _("organized by"),
        max_length=200,
        blank=True,
        help_text=_("For a centralised training: the higher organization that held it."),
    )
    source_key = models.CharField(_("source"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("study record")
        verbose_name_plural = _("study records")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["member", "date"], name="study_member_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_study_record_per_source",
            ),
            models.UniqueConstraint(
                fields=["member", "session"],
                condition=models.Q(session__isnull=False),
                name="one_study_record_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.date:%Y-%m-%d} {self.topic} ({self.hours})"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"study/evidence/{instance.record_id}/{secrets.token_hex(8)}-{filename}"


class Evidence(StoredFile):
    """A certificate, photo or notes proving a study record."""

    scope_path_field = "record__member__organization__path"

    record = models.ForeignKey(
        StudyRecord,
        verbose_name=_("study record"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.record.member.organization.path
