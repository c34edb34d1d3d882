"""People in the development pipeline (发展党员), their steps and the documents of each step.
Written only by development.services."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core import crypto
from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager
from branchwork.development import rules
from branchwork.members import rules as member_rules


class Person(models.Model):
    """Someone who applied to join the party, followed from application to full membership."""

    scope_path_field = "organization__path"
    audit_exclude = frozenset({"id_number_encrypted", "id_number_hash"})
    audit_masks = {"phone": member_rules.mask_phone}

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="development_people",
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=member_rules.Gender.choices)
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=2,
        choices=member_rules.ETHNICITY_CHOICES,
        default=member_rules.HAN,
    )
    birth_date = models.DateField(_("birth date"))
    id_number_encrypted = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_last4 = models.CharField(max_length=4, editable=False)
    id_prefix6 = models.CharField(max_length=6, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(
        _("education"), max_length=24, choices=member_rules.Education.choices, blank=True
    )
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    post = models.CharField(_("work post"), max_length=100, blank=True)
    stage = models.CharField(
        _("stage"), max_length=14, choices=rules.Stage.choices, default=rules.Stage.APPLICANT
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=rules.PersonStatus.choices,
        default=rules.PersonStatus.ACTIVE,
    )
    contacts = models.CharField(_("training contacts"), max_length=100, blank=True)
    introducers = models.ManyToManyField(
        "members.Member", verbose_name=_("introducers"), blank=True, related_name="introduced"
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="development",
    )
    probation_extension_months = models.PositiveSmallIntegerField(
        _("probation extended by (months)"), default=0
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["id_number_encrypted"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("person in development")
        verbose_name_plural = _("people in development")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        return f"{self.id_prefix6}{'*' * 8}{self.id_last4}"

    @property
    def phone_masked(self) -> str:
        return member_rules.mask_phone(self.phone)


class Step(models.Model):
    """One recorded step of a person's development (a number 1-25, or an extension or a
    disqualification decided instead of conversion)."""

    scope_path_field = "person__organization__path"

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        blank=True,
        choices=[(rules.EXTEND, _("Probation extended")), (rules.DISQUALIFY, _("Disqualified"))],
    )
    date = models.DateField(_("date"))
    decided_by = models.CharField(_("decided by"), max_length=20, choices=rules.Decider.choices)
    vote = models.ForeignKey(
        "meetings.Vote",
        verbose_name=_("vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_steps",
    )
    training_days = models.PositiveSmallIntegerField(_("training days"), default=0)
    training_hours = models.PositiveSmallIntegerField(_("training class hours"), default=0)
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["date", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "number"],
                condition=models.Q(number__isnull=False),
                name="one_record_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.label} · {self.date}"

    @property
    def label(self) -> str:
        if self.number:
            return str(rules.STEP_BY_NUMBER[self.number].label)
        return str(self.get_outcome_display())

    @property
    def audit_org_path(self) -> str:
        return self.person.organization.path


def document_path(instance: Document, filename: str) -> str:
    return f"development/{instance.step.person_id}/{secrets.token_hex(8)}-{filename}"


class Document(StoredFile):
    """A document of a step: the application letter, a thought report, the introducers'
    opinions, the political review, the training certificate, the 入党志愿书, a public notice."""

    scope_path_field = "step__person__organization__path"

    step = models.ForeignKey(
        Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=rules.DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("development document")
        verbose_name_plural = _("development documents")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.step.person.organization.path
