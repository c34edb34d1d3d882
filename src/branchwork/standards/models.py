from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager
from branchwork.standards.rules import Result, Side, Verification


class ChecklistTemplate(models.Model):
    """A version of a committee's standardization checklist. Once a round uses it, it is
    locked: changes are made on a copy (a new version)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="checklist_templates",
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices)
    verification_note = models.TextField(_("verification note"), blank=True)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=6, decimal_places=1)
    demonstration_mark = models.DecimalField(
        _("demonstration-site mark"), max_digits=6, decimal_places=1
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "version"], name="one_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class ChecklistCategory(models.Model):
    scope_path_field = "template__organization__path"

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="categories"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("category"), max_length=100)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist category")
        verbose_name_plural = _("checklist categories")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.template.organization.path


class ChecklistItem(models.Model):
    scope_path_field = "category__template__organization__path"

    category = models.ForeignKey(ChecklistCategory, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[RegexValidator(r"^[a-z0-9_.-]+$", _("Lower-case letters, digits, . _ -"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    evidence_needed = models.CharField(_("evidence needed"), max_length=300, blank=True)
    evidence_key = models.CharField(
        _("evidenced by the system"),
        max_length=40,
        blank=True,
        help_text=_("Which live evidence the system shows for this item, if any."),
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["category__order", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.category.template.organization.path


class InspectionRound(models.Model):
    """A committee's inspection of its branches for a year against one template version."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="inspection_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    opened_on = models.DateField(_("opened on"))
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_round_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.organization.short_name or self.organization.name}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class BranchInspection(models.Model):
    """One branch in a round: its self-assessment, the inspector's scores and the result."""

    scope_path_field = "branch__path"

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="branches"
    )
    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    self_comment = models.TextField(_("branch's summary"), blank=True)
    inspector_comment = models.TextField(_("inspector's comment"), blank=True)
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    result_on = models.DateField(_("result dated"), null=True, blank=True)
    # Denormalized at sign-off so the roll-up reads one row per branch.
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("branch inspection")
        verbose_name_plural = _("branch inspections")
        ordering = ["round", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "branch"], name="one_inspection_per_branch")
        ]

    def __str__(self) -> str:
        return f"{self.branch} · {self.round.year}"

    @property
    def audit_org_path(self) -> str:
        return self.branch.path

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None


class Score(models.Model):
    """The points one side (the branch or the inspector) gives one item, with a comment."""

    scope_path_field = "inspection__branch__path"

    inspection = models.ForeignKey(
        BranchInspection, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("by"), max_length=10, choices=Side.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item", "side"], name="one_score_per_item_and_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.points}"

    @property
    def audit_org_path(self) -> str:
        return self.inspection.branch.path


class ScoreCorrection(models.Model):
    """A recorded correction of a signed-off inspector score: the score stays as it was
    signed, the correction supersedes it."""

    scope_path_field = "inspection__branch__path"

    inspection = models.ForeignKey(
        BranchInspection, on_delete=models.CASCADE, related_name="corrections"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    points_before = models.DecimalField(_("points before"), max_digits=5, decimal_places=1)
    points_after = models.DecimalField(_("corrected points"), max_digits=5, decimal_places=1)
    reason = models.CharField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.points_before} → {self.points_after}"

    @property
    def audit_org_path(self) -> str:
        return self.inspection.branch.path


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    return f"standards/{instance.inspection_id}/{secrets.token_hex(8)}-{filename}"


class EvidenceFile(StoredFile):
    """A document or photo the branch uploads as evidence for an item."""

    scope_path_field = "inspection__branch__path"

    inspection = models.ForeignKey(BranchInspection, on_delete=models.CASCADE, related_name="files")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=evidence_path)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.inspection.branch.path


class UpgradeProject(models.Model):
    """A branch's upgrade project (the activity room, the wall) with tasks and photos."""

    scope_path_field = "organization__path"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="upgrade_projects",
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("upgrade project")
        verbose_name_plural = _("upgrade projects")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class UpgradeTask(models.Model):
    scope_path_field = "project__organization__path"

    project = models.ForeignKey(UpgradeProject, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner = models.CharField(_("owner"), max_length=50)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("upgrade task")
        verbose_name_plural = _("upgrade tasks")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.project.organization.path


def photo_path(instance: UpgradePhoto, filename: str) -> str:
    return f"standards/projects/{instance.project_id}/{secrets.token_hex(8)}-{filename}"


class UpgradePhoto(StoredFile):
    """A photo of the project, before or after, with a thumbnail made on upload."""

    scope_path_field = "project__organization__path"

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    project = models.ForeignKey(UpgradeProject, on_delete=models.CASCADE, related_name="photos")
    phase = models.CharField(_("before or after"), max_length=6, choices=Phase.choices)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(_("photo"), upload_to=photo_path)
    thumbnail = models.FileField(upload_to=photo_path, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("upgrade photo")
        verbose_name_plural = _("upgrade photos")
        ordering = ["phase", "uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.project.organization.path
