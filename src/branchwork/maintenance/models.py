"""Road maintenance: the route inventory, stored condition profiles, distress surveys per
evaluation unit, patrol inspections and work orders."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import StoredFile, Versioned
from branchwork.core.scoping import ScopedManager
from branchwork.maintenance import rules


class ConditionProfile(models.Model):
    """A version of a condition-rating profile (maintenance/profiles.py shape). Versions are never
    changed once saved: an edit saves the next version, so every stored result keeps pointing
    at the coefficients that computed it."""

    name = models.CharField(_("name"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("coefficients"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("condition profile")
        verbose_name_plural = _("condition profiles")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="profile_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def table(self) -> dict:
        """The coefficients in the built-in profile's key order, whatever the database."""
        from branchwork.maintenance.profiles import in_canonical_order

        return in_canonical_order(self.data)


class ProfileYear(models.Model):
    """Which profile version evaluates the surveys of a year (the newest version of the
    default profile when a year has none)."""

    year = models.PositiveSmallIntegerField(_("evaluation year"), unique=True)
    profile = models.ForeignKey(
        ConditionProfile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile of an evaluation year")
        verbose_name_plural = _("profiles of evaluation years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.profile}"


class Route(Versioned):
    """A route in the maintenance inventory, split into evaluation units."""

    scope_path_field = "organization__path"

    class Level(models.TextChoices):
        G = "G", _("National road (G)")
        S = "S", _("Provincial road (S)")
        X = "X", _("County road (X)")
        Y = "Y", _("Township road (Y)")
        C = "C", _("Village road (C)")
        Z = "Z", _("Special-purpose road (Z)")

    class TechnicalGrade(models.TextChoices):
        """The route's technical grade (JTG B01-2014 §3.1), not its surveyed condition."""

        EXPRESSWAY = "expressway", _("Expressway")
        CLASS1 = "class1", _("Class 1")
        CLASS2 = "class2", _("Class 2")
        CLASS3 = "class3", _("Class 3")
        CLASS4 = "class4", _("Class 4")
        UNCLASSIFIED = "unclassified", _("Unclassified")

    class Pavement(models.TextChoices):
        ASPHALT = "asphalt", _("Asphalt concrete")
        CONCRETE = "concrete", _("Cement concrete")
        GRAVEL = "gravel", _("Gravel")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("route code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("administrative level"), max_length=1, choices=Level.choices)
    technical_grade = models.CharField(
        _("technical grade"), max_length=12, choices=TechnicalGrade.choices
    )
    pavement = models.CharField(_("pavement"), max_length=10, choices=Pavement.choices)
    county = models.ForeignKey(
        "roads.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    start_m = models.PositiveIntegerField(_("start stake (m)"))
    end_m = models.PositiveIntegerField(_("end stake (m)"))
    width_m = models.DecimalField(_("pavement width (m)"), max_digits=5, decimal_places=2)
    # The form, the API and the service start from settings.MAINTENANCE_UNIT_LENGTH_M.
    unit_length_m = models.PositiveIntegerField(_("evaluation unit length (m)"), default=1000)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def start_stake(self) -> str:
        return rules.format_stake(self.start_m)

    @property
    def end_stake(self) -> str:
        return rules.format_stake(self.end_m)

    @property
    def length_km(self) -> float:
        return (self.end_m - self.start_m) / 1000

    def units(self) -> list[tuple[int, int]]:
        return rules.split_units(self.start_m, self.end_m, self.unit_length_m)


class Survey(models.Model):
    """One imported distress-survey sheet: a year's condition of some evaluation units."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    surveyed_on = models.DateField(_("surveyed on"))
    profile = models.ForeignKey(
        ConditionProfile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="+"
    )
    source_name = models.CharField(_("file"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("distress survey")
        verbose_name_plural = _("distress surveys")
        ordering = ["-year", "-surveyed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.year} · {self.source_name}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class SurveyUnit(models.Model):
    """The surveyed condition of one evaluation unit, with the indices its profile computed.
    Scoped by the route's organization: who sees a road sees its condition."""

    scope_path_field = "route__organization__path"

    class ConditionGrade(models.TextChoices):
        """The unit's surveyed condition grade (JTG 5210-2018), not the road's technical
        grade."""

        EXCELLENT = "excellent", _("Excellent (优)")
        GOOD = "good", _("Good (良)")
        FAIR = "fair", _("Fair (中)")
        POOR = "poor", _("Poor (次)")
        BAD = "bad", _("Bad (差)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="units")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="survey_units")
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    from_m = models.PositiveIntegerField(_("from (m)"))
    to_m = models.PositiveIntegerField(_("to (m)"))
    length_m = models.PositiveIntegerField(_("length (m)"))
    pavement = models.CharField(_("pavement"), max_length=10, choices=Route.Pavement.choices)
    road_class = models.CharField(
        _("road class"), max_length=12, choices=Route.TechnicalGrade.choices
    )
    width_m = models.FloatField(_("width (m)"), null=True, blank=True)
    iri = models.FloatField(_("IRI (m/km)"), null=True, blank=True)
    rd_mm = models.FloatField(_("rut depth (mm)"), null=True, blank=True)
    damages = models.JSONField(_("damaged quantities"), default=dict, blank=True)
    sci = models.FloatField(null=True, blank=True)
    bci = models.FloatField(null=True, blank=True)
    tci = models.FloatField(null=True, blank=True)
    dr = models.FloatField(_("DR (%)"))
    pci = models.FloatField("PCI")
    rqi = models.FloatField("RQI", null=True, blank=True)
    rdi = models.FloatField("RDI", null=True, blank=True)
    pqi = models.FloatField("PQI")
    mqi = models.FloatField("MQI", null=True, blank=True)
    condition_grade = models.CharField(
        _("condition grade"), max_length=10, choices=ConditionGrade.choices
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("surveyed unit")
        verbose_name_plural = _("surveyed units")
        ordering = ["route", "from_m"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "year", "from_m"], name="one_survey_per_unit_and_year"
            )
        ]
        indexes = [models.Index(fields=["year", "route"], name="unit_year_route_idx")]

    def __str__(self) -> str:
        return f"{self.route.code} {self.from_stake}–{self.to_stake} {self.year}"

    @property
    def from_stake(self) -> str:
        return rules.format_stake(self.from_m)

    @property
    def to_stake(self) -> str:
        return rules.format_stake(self.to_m)


def photo_path(instance: PatrolPhoto, filename: str) -> str:
    return f"patrols/{instance.patrol_id}/{secrets.token_hex(8)}-{filename}"


class Patrol(models.Model):
    """A patrol inspection (路况巡查) of a route."""

    scope_path_field = "route__organization__path"

    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="patrols"
    )
    patrolled_on = models.DateField(_("date"))
    inspector = models.CharField(_("inspector"), max_length=60)
    from_m = models.PositiveIntegerField(_("from (m)"), null=True, blank=True)
    to_m = models.PositiveIntegerField(_("to (m)"), null=True, blank=True)
    findings = models.TextField(_("findings"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("patrol inspection")
        verbose_name_plural = _("patrol inspections")
        ordering = ["-patrolled_on", "-id"]

    def __str__(self) -> str:
        return f"{self.route.code} {self.patrolled_on}"

    @property
    def audit_org_path(self) -> str:
        return self.route.organization.path

    @property
    def section(self) -> str:
        if self.from_m is None:
            return ""
        return rules.format_section(self.from_m, self.to_m)


class PatrolPhoto(StoredFile):
    scope_path_field = "patrol__route__organization__path"

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.patrol.route.organization.path


class WorkOrder(Versioned):
    """A repair work order raised from a defect: raised → assigned → repaired → verified."""

    scope_path_field = "route__organization__path"

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        ASSIGNED = "assigned", _("Assigned")
        REPAIRED = "repaired", _("Repaired")
        VERIFIED = "verified", _("Verified")

    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="work_orders"
    )
    from_m = models.PositiveIntegerField(_("from (m)"))
    to_m = models.PositiveIntegerField(_("to (m)"))
    defect = models.CharField(_("defect"), max_length=300)
    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("found on patrol"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    survey_unit = models.ForeignKey(
        SurveyUnit,
        verbose_name=_("found in survey"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RAISED
    )
    raised_on = models.DateField(_("raised on"))
    assignee = models.CharField(_("assigned to"), max_length=100, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    repair = models.CharField(_("repair done"), max_length=300, blank=True)
    cost = models.DecimalField(
        _("cost (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=60, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["status"], name="work_order_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.route.code} {self.section}"

    @property
    def audit_org_path(self) -> str:
        return self.route.organization.path

    @property
    def section(self) -> str:
        return rules.format_section(self.from_m, self.to_m)
