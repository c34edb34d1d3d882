from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.activities.rules import (
    MAX_HOURS_PER_ACTIVITY,
    Kind,
    MassOrgKind,
    Series,
    VisitedCategory,
)
from branchwork.core.models import StoredFile
from branchwork.core.scoping import ScopedManager

HOURS = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_HOURS_PER_ACTIVITY)]


class Staff(models.Model):
    """A staff member of the branch's unit who is not a party member (mass organizations and
    activities take part in them too). Party members are ``members.Member``."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    name = models.CharField(_("name"), max_length=50)
    department = models.CharField(_("department"), max_length=100, blank=True)
    post = models.CharField(_("work post"), max_length=100, blank=True)
    retired = models.BooleanField(_("retired"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class MassOrganization(models.Model):
    """A trade union, youth league or women's committee led by a party branch."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("led by"),
        on_delete=models.PROTECT,
        related_name="mass_organizations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MassOrgKind.choices)
    name = models.CharField(_("name"), max_length=200)
    chair = models.CharField(_("chair"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("mass organization")
        verbose_name_plural = _("mass organizations")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class MassOrgMembership(models.Model):
    """One person in a mass organization: a party member or a staff member."""

    scope_path_field = "mass_org__organization__path"

    mass_org = models.ForeignKey(
        MassOrganization,
        verbose_name=_("mass organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mass_memberships",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mass_memberships",
    )
    role = models.CharField(_("role"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("mass organization membership")
        verbose_name_plural = _("mass organization memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(staff__isnull=True),
                name="massorg_membership_one_person",
            ),
            models.UniqueConstraint(
                fields=["mass_org", "member"],
                condition=Q(member__isnull=False),
                name="massorg_member_once",
            ),
            models.UniqueConstraint(
                fields=["mass_org", "staff"],
                condition=Q(staff__isnull=False),
                name="massorg_staff_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.mass_org}"

    @property
    def person(self) -> object:
        return self.member or self.staff

    @property
    def audit_org_path(self) -> str:
        return self.mass_org.organization.path


class Activity(models.Model):
    """A themed activity or a campaign's event, organized by a branch or by a mass organization
    it leads."""

    scope_path_field = "organization__path"

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    mass_org = models.ForeignKey(
        MassOrganization,
        verbose_name=_("organized by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Leave empty when the branch itself organizes it."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.THEMED)
    series = models.CharField(_("series"), max_length=20, choices=Series.choices, blank=True)
    campaign = models.CharField(
        _("campaign"),
        max_length=200,
        blank=True,
        help_text=_("A campaign or series not in the list."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, default=Decimal("0"), validators=HOURS
    )
    counts_as_study = models.BooleanField(
        _("counts as study"),
        default=False,
        help_text=_("Participants' hours count toward their yearly study hours (1 hour = 1 学时)."),
    )
    signup_open = models.BooleanField(_("sign-up open"), default=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "date"], name="activity_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.date:%Y-%m-%d}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def organizer_name(self) -> str:
        return self.mass_org.name if self.mass_org is not None else self.organization.name


class Participant(models.Model):
    """One person signed up for or taking part in an activity: a party member or a staff
    member."""

    scope_path_field = "activity__organization__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_participations",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_participations",
    )
    signed_up_at = models.DateTimeField(_("signed up at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    hours = models.DecimalField(
        _("own hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=HOURS,
        help_text=_("Only when different from the activity's hours."),
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(staff__isnull=True),
                name="participant_one_person",
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(member__isnull=False),
                name="participant_member_once",
            ),
            models.UniqueConstraint(
                fields=["activity", "staff"],
                condition=Q(staff__isnull=False),
                name="participant_staff_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.activity}"

    @property
    def person(self) -> object:
        return self.member or self.staff

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def audit_org_path(self) -> str:
        return self.activity.organization.path


def photo_path(instance: ActivityPhoto, filename: str) -> str:
    return f"activities/{instance.activity_id}/{secrets.token_hex(8)}-{filename}"


def thumbnail_path(instance: ActivityPhoto, filename: str) -> str:
    return f"activities/{instance.activity_id}/thumbs/{secrets.token_hex(8)}-{filename}"


class ActivityPhoto(StoredFile):
    """A photo of an activity with its thumbnail (made with Pillow when it is stored)."""

    scope_path_field = "activity__organization__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=photo_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_path, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.activity.organization.path


def _personal(value: str) -> str:
    return "(personal data)" if value else ""


class CaringVisit(models.Model):
    """A caring visit (走访慰问) to a retired, sick or hospitalized cadre or staff member, or a
    family in hardship. Health is personal data: only roles with care.view read these."""

    scope_path_field = "organization__path"
    # The activity log is read with audit.view, not care.view: it says that the circumstances
    # changed, never what they are (the record's history keeps them for care.view).
    audit_masks = {"circumstances": _personal}

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="caring_visits",
    )
    category = models.CharField(_("visited"), max_length=14, choices=VisitedCategory.choices)
    visited_name = models.CharField(_("name of the person visited"), max_length=100)
    visited_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member visited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member visited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    circumstances = models.TextField(
        _("circumstances"), blank=True, help_text=_("Health and family situation: personal data.")
    )
    date = models.DateField(_("date"))
    visitors = models.CharField(_("visited by"), max_length=200)
    money = models.DecimalField(
        _("money given (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    goods = models.CharField(_("goods given"), max_length=200, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("caring visit")
        verbose_name_plural = _("caring visits")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(money__gte=0), name="caring_visit_money_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_name} {self.date:%Y-%m-%d}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class FundEntry(models.Model):
    """One row of an organization's caring-fund ledger: income, or spending (a visit's money
    is a spending row written by the visit's service, never by hand)."""

    scope_path_field = "organization__path"

    class Kind(models.TextChoices):
        INCOME = "income", _("Income")
        SPENDING = "spending", _("Spending")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="caring_fund",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("description"), max_length=200)
    visit = models.OneToOneField(
        CaringVisit,
        verbose_name=_("caring visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entry",
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("caring fund row")
        verbose_name_plural = _("caring fund")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(visit__isnull=True) | Q(kind="spending"),
                name="fund_entry_visit_is_spending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.amount}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.kind == self.Kind.INCOME else -self.amount
