import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import StoredFile, Versioned
from branchwork.core.scoping import ScopedManager


class Division(models.Model):
    """An administrative division (province, city, county, township, village) with its
    official code and the code system the code comes from."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")
        TOWNSHIP = "township", _("Township or sub-district")
        VILLAGE = "village", _("Village or community")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code_system = models.CharField(_("code system"), max_length=60)

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class VillageGroup(models.Model):
    """A village group (村民组): below the official divisions, created by users under a
    village. Groups of 30 or more households are eligible for the 组组通 program
    (ROADS_ELIGIBLE_HOUSEHOLDS)."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Division, verbose_name=_("village"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=60)
    households = models.PositiveIntegerField(_("households"))
    population = models.PositiveIntegerField(_("population"), default=0)
    poor_households = models.PositiveIntegerField(_("registered-poor households"), default=0)
    poor_population = models.PositiveIntegerField(_("registered-poor people"), default=0)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("village group")
        verbose_name_plural = _("village groups")
        ordering = ["village__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="group_name_unique_in_village")
        ]

    def __str__(self) -> str:
        return f"{self.village.name}{self.name}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class RoadProject(Versioned):
    """A 组组通 (group-to-group) hardened-road project."""

    scope_path_field = "organization__path"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        COMPLETED = "completed", _("Completed")
        ACCEPTED = "accepted", _("Accepted")

    class Pavement(models.TextChoices):
        CONCRETE = "concrete", _("Cement concrete")
        ASPHALT = "asphalt", _("Asphalt concrete")
        SURFACE_TREATMENT = "surface_treatment", _("Simple paving (surface treatment)")
        GRAVEL = "gravel", _("Gravel")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division,
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()
    route_code = models.CharField(_("route code"), max_length=10, blank=True)
    start_stake = models.CharField(_("start stake"), max_length=16, blank=True)
    end_stake = models.CharField(_("end stake"), max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(_("program year"))
    length_km = models.DecimalField(_("length (km)"), max_digits=9, decimal_places=3)
    subgrade_width_m = models.DecimalField(
        _("subgrade width (m)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pavement_type = models.CharField(_("pavement"), max_length=20, choices=Pavement.choices)
    pavement_width_m = models.DecimalField(_("pavement width (m)"), max_digits=5, decimal_places=2)
    pavement_thickness_cm = models.DecimalField(
        _("pavement thickness (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    passing_bays = models.PositiveIntegerField(_("passing bays"), null=True, blank=True)
    # The total is kept as the sum of the sources (services.project_save computes it).
    investment = models.DecimalField(
        _("investment (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    investment_central = models.DecimalField(
        _("central funds (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    investment_provincial = models.DecimalField(
        _("provincial funds (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    investment_local = models.DecimalField(
        _("local funds (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    investment_other = models.DecimalField(
        _("other funds (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.CharField(_("acceptance inspector"), max_length=60, blank=True)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=200, blank=True)
    groups = models.ManyToManyField(
        VillageGroup, verbose_name=_("groups connected"), related_name="projects"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("road project")
        verbose_name_plural = _("road projects")
        ordering = ["county__code", "name"]
        indexes = [models.Index(fields=["county", "status"], name="project_county_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class ProgressReport(models.Model):
    """A monthly progress report of a project under construction."""

    scope_path_field = "project__organization__path"

    project = models.ForeignKey(
        RoadProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    month = models.DateField(_("month"))
    km_paved = models.DecimalField(_("km paved to date"), max_digits=9, decimal_places=3)
    spent = models.DecimalField(_("spent to date (10,000 yuan)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="one_report_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%Y-%m}"

    @property
    def audit_org_path(self) -> str:
        return self.project.organization.path


def photo_path(instance: "ProgressPhoto", filename: str) -> str:
    return f"roads/{instance.report.project_id}/{secrets.token_hex(8)}-{filename}"


class ProgressPhoto(StoredFile):
    """A site photo attached to a monthly progress report (JPEG or PNG, checked by content)."""

    scope_path_field = "report__project__organization__path"

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("file"), upload_to=photo_path)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.report.project.organization.path


class ProgramTarget(models.Model):
    """A county's yearly 组组通 target: groups to connect, km to build, investment."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    groups = models.PositiveIntegerField(_("groups to connect"))
    km = models.DecimalField(_("km to build"), max_digits=9, decimal_places=3)
    investment = models.DecimalField(
        _("investment (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("program target")
        verbose_name_plural = _("program targets")
        ordering = ["year", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="one_target_per_county_year")
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.year}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class ProvinceRank(models.Model):
    """A prefecture's place in the province's 组组通 ranking as a source reports it (the
    article: Tongren 3rd in Guizhou by construction scale and progress). Stored as data by the
    organization that reports it, not computed: other prefectures' figures are not known."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    prefecture = models.CharField(_("prefecture"), max_length=60)
    km = models.PositiveIntegerField(_("km built"))
    groups = models.PositiveIntegerField(_("groups connected"))
    source = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("province ranking entry")
        verbose_name_plural = _("province ranking")
        ordering = ["rank", "prefecture"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "prefecture"], name="one_rank_per_prefecture"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.prefecture}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path
