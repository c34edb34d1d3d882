"""Writes for road projects, village groups, progress reports and program targets.

Every page and API write goes through here; rule violations are ValidationErrors keyed by
field, profile deviations are warnings returned next to the saved object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import record, save_as
from branchwork.core.models import AuditEvent
from branchwork.core.uploads import PHOTOS, checked_upload, save_upload
from branchwork.roads import rules, workflow
from branchwork.roads.models import (
    Division,
    ProgramTarget,
    ProgressPhoto,
    ProgressReport,
    RoadProject,
    VillageGroup,
)

# RoadProject.investment has 12 digits, 2 after the point (10,000 yuan).
MAX_INVESTMENT = Decimal("10000000000")
TEXT_FIELDS = ("name", "route_code", "start_stake", "end_stake", "contractor", "supervisor")
INVESTMENT_SOURCES = (
    "investment_central",
    "investment_provincial",
    "investment_local",
    "investment_other",
)
# What a project form or API payload may set (the total investment is derived).
FIELDS = (
    "name",
    "county",
    "township",
    "route_code",
    "start_stake",
    "end_stake",
    "year",
    "length_km",
    "subgrade_width_m",
    "pavement_type",
    "pavement_width_m",
    "pavement_thickness_cm",
    "passing_bays",
    *INVESTMENT_SOURCES,
    "contractor",
    "supervisor",
    "started_on",
)
MAX_PHOTOS_AT_ONCE = 10


def _stake(project: RoadProject, name: str) -> float | None:
    text = getattr(project, name).strip().upper()
    setattr(project, name, text)
    if not text:
        return None
    try:
        return rules.parse_stake(text)
    except rules.ConditionError:
        raise ValidationError(
            {
                name: [
                    _(
                        "%(stake)s is not a stake: write K, the kilometre, + and the metres, "
                        "e.g. K1+200."
                    )
                    % {"stake": text}
                ]
            }
        ) from None


def _check_stakes(project: RoadProject) -> tuple[float, float] | None:
    start, end = _stake(project, "start_stake"), _stake(project, "end_stake")
    if start is None and end is None:
        return None
    if start is None or end is None:
        missing = "start_stake" if start is None else "end_stake"
        raise ValidationError({missing: [_("Give both stakes or neither.")]})
    if end <= start:
        raise ValidationError(
            {
                "end_stake": [
                    _("The end stake %(end)s must come after the start stake %(start)s.")
                    % {"end": project.end_stake, "start": project.start_stake}
                ]
            }
        )
    return start, end


def check_dates(project: RoadProject) -> None:
    """Started ≤ completed ≤ accepted, whichever of them are known."""
    started, completed, accepted = project.started_on, project.completed_on, project.accepted_on
    if started and completed and started > completed:
        raise ValidationError(
            {
                "started_on": [
                    _("Construction cannot start (%(started)s) after completion (%(completed)s).")
                    % {"started": started, "completed": completed}
                ]
            }
        )
    if completed and accepted and completed > accepted:
        raise ValidationError(
            {
                "on": [
                    _("Acceptance (%(accepted)s) comes after completion (%(completed)s).")
                    % {"accepted": accepted, "completed": completed}
                ]
            }
        )
    if started and accepted and started > accepted:
        raise ValidationError(
            {
                "started_on": [
                    _("Construction cannot start (%(started)s) after acceptance (%(accepted)s).")
                    % {"started": started, "accepted": accepted}
                ]
            }
        )


def _check_required(project: RoadProject) -> None:
    required = {
        "name": project.name.strip(),
        "county": project.county_id,
        "year": project.year,
        "length_km": project.length_km,
        "pavement_type": project.pavement_type,
        "pavement_width_m": project.pavement_width_m,
    }
    for name, value in required.items():
        if value in (None, ""):
            raise ValidationError({name: [_("This field is required.")]})
    if project.pavement_type not in RoadProject.Pavement.values:
        raise ValidationError({"pavement_type": [_("Choose a pavement.")]})
    if not 2000 <= project.year <= 2100:
        raise ValidationError({"year": [_("A year from 2000 to 2100.")]})


def _check_place(project: RoadProject) -> None:
    if project.county.level != Division.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county.")]})
    township = project.township
    if township is not None and (
        township.level != Division.Level.TOWNSHIP or township.parent_id != project.county_id
    ):
        raise ValidationError(
            {
                "township": [
                    _("%(township)s is not a township of %(county)s.")
                    % {"township": township.name, "county": project.county.name}
                ]
            }
        )
    if project.route_code:
        try:
            project.route_code = rules.check_route_code(project.route_code)
        except rules.ConditionError as exc:
            raise ValidationError({"route_code": [str(exc)]}) from None
        if project.route_code[-6:] != project.county.code:
            raise ValidationError(
                {
                    "route_code": [
                        _("The route code ends with the county code %(code)s.")
                        % {"code": project.county.code}
                    ]
                }
            )


def _check_numbers(project: RoadProject) -> None:
    if project.length_km is None or project.length_km <= 0:
        raise ValidationError({"length_km": [_("The length must be more than 0 km.")]})
    if project.pavement_width_m is None or project.pavement_width_m <= 0:
        raise ValidationError({"pavement_width_m": [_("The width must be more than 0 m.")]})
    for name in ("subgrade_width_m", "pavement_thickness_cm"):
        value = getattr(project, name)
        if value is not None and value <= 0:
            raise ValidationError({name: [_("Must be more than 0.")]})
    for name in INVESTMENT_SOURCES:
        if getattr(project, name) < 0:
            raise ValidationError({name: [_("An amount cannot be negative.")]})


@transaction.atomic
def project_save(
    *, actor: Any, organization: Any, data: dict[str, Any], project: RoadProject | None = None
) -> tuple[RoadProject, list[str]]:
    """Create or change a project. The total investment is the sum of the four sources.
    Returns the project and the profile warnings (never refusals)."""
    project = project or RoadProject(organization=organization)
    for name in FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in TEXT_FIELDS:
                value = ""
            elif value is None and name in INVESTMENT_SOURCES:
                value = Decimal("0")
            setattr(project, name, value)
    _check_required(project)
    _check_place(project)
    stakes = _check_stakes(project)
    _check_numbers(project)
    check_dates(project)
    project.investment = sum(
        (Decimal(getattr(project, name)) for name in INVESTMENT_SOURCES), Decimal("0")
    )
    if project.investment >= MAX_INVESTMENT:
        raise ValidationError(
            {"investment_other": [_("The total investment is too large for the ledger.")]}
        )
    if project.pk:
        if project.groups.exclude(county_id=project.county_id).exists():
            raise ValidationError(
                {"county": [_("Groups of the old county are connected; the county cannot change.")]}
            )
        paved = project.reports.aggregate(most=Max("km_paved"))["most"]
        if paved is not None and project.length_km < paved:
            raise ValidationError(
                {"length_km": [_("Progress reports already give %(km)s km paved.") % {"km": paved}]}
            )
    save_as(project, actor)
    return project, workflow.project_warnings(project, stakes)


def project_warnings(project: RoadProject) -> list[str]:
    """The profile warnings of a stored project (shown on its page)."""
    try:
        stakes = (
            (rules.parse_stake(project.start_stake), rules.parse_stake(project.end_stake))
            if project.start_stake and project.end_stake
            else None
        )
    except rules.ConditionError:
        stakes = None
    return workflow.project_warnings(project, stakes)


@transaction.atomic
def project_advance(
    *, actor: Any, project: RoadProject, on: dt.date | None = None, inspector: str = ""
) -> RoadProject:
    """Move the project to the next status. Starting construction records the start date
    (the date given, else the one already entered if not in the future, else today);
    completion and acceptance record theirs (the date given, else today), and acceptance its
    inspector. Dates stay in order: started ≤ completed ≤ accepted."""
    target = workflow.next_status(project.status)
    if target is None:
        raise ValidationError({"status": [_("The project is already accepted.")]})
    today = timezone.localdate()
    if on is not None and on > today:
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if target == "under_construction":
        planned = project.started_on if project.started_on and project.started_on <= today else None
        project.started_on = on or planned or today
    if target == "completed":
        project.completed_on = on or today
        if project.started_on and project.completed_on < project.started_on:
            raise ValidationError(
                {
                    "on": [
                        _("Completion comes after the start of construction (%(date)s).")
                        % {"date": project.started_on}
                    ]
                }
            )
    if target == "accepted":
        if not inspector.strip():
            raise ValidationError({"inspector": [_("Name the acceptance inspector.")]})
        project.accepted_on, project.accepted_by = on or today, inspector.strip()
    check_dates(project)
    project.status = target
    save_as(project, actor)
    return project


@transaction.atomic
def project_connect(*, actor: Any, project: RoadProject, groups: list[VillageGroup]) -> int:
    if not groups:
        raise ValidationError({"groups": [_("Choose the village groups the road connects.")]})
    wrong = [g for g in groups if g.county_id != project.county_id]
    if wrong:
        raise ValidationError({"groups": [_("Groups must be in the project's county.")]})
    path = project.organization.path
    foreign = [g for g in groups if not g.organization.path.startswith(path)]
    if foreign:
        raise ValidationError(
            {
                "groups": [
                    _("%(group)s belongs to another organization's program.")
                    % {"group": foreign[0]}
                ]
            }
        )
    project.groups.add(*groups)
    record(
        actor=actor,
        kind=AuditEvent.Kind.UPDATE,
        obj=project,
        changes={"groups": [None, ", ".join(str(g) for g in groups)]},
        note=_("Village groups connected"),
    )
    return len(groups)


@transaction.atomic
def project_disconnect(*, actor: Any, project: RoadProject, group: VillageGroup) -> None:
    """Undo a wrong connection (logged). An accepted project's groups are final."""
    if project.status == RoadProject.Status.ACCEPTED:
        raise ValidationError(
            {"groups": [_("The project is accepted; its connected groups are final.")]}
        )
    if not project.groups.filter(pk=group.pk).exists():
        raise ValidationError({"groups": [_("That group is not connected to the project.")]})
    project.groups.remove(group)
    record(
        actor=actor,
        kind=AuditEvent.Kind.UPDATE,
        obj=project,
        changes={"groups": [str(group), None]},
        note=_("Village group disconnected"),
    )


@transaction.atomic
def group_create(
    *, actor: Any, organization: Any, village: Any, data: dict[str, Any]
) -> VillageGroup:
    if VillageGroup.objects.filter(village=village, name=data["name"]).exists():
        raise ValidationError(
            {
                "name": [
                    _("%(village)s already has a group called %(name)s.")
                    % {"village": village.name, "name": data["name"]}
                ]
            }
        )
    poor, households = data.get("poor_households") or 0, data.get("households") or 0
    if poor > households:
        raise ValidationError({"poor_households": [_("More poor households than households.")]})
    county = village
    while county is not None and county.level != "county":
        county = county.parent
    if county is None:
        raise ValidationError({"village_code": [_("The village is not under a county.")]})
    group = VillageGroup(organization=organization, village=village, county=county)
    for name in (
        "name",
        "households",
        "population",
        "poor_households",
        "poor_population",
        "longitude",
        "latitude",
    ):
        setattr(
            group,
            name,
            data.get(name)
            if data.get(name) is not None
            else (0 if name in ("population", "poor_households", "poor_population") else None),
        )
    group.save()
    return group


def check_photos(uploads: list[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    """Every upload checked before anything is stored: all photos are kept, or none."""
    if len(uploads) > MAX_PHOTOS_AT_ONCE:
        raise ValidationError(
            {"photos": [_("At most %(n)d photos at once.") % {"n": MAX_PHOTOS_AT_ONCE}]}
        )
    checked = []
    for upload in uploads:
        try:
            name, content_type = checked_upload(upload, PHOTOS)
        except ValidationError as exc:
            raise ValidationError(
                {"photos": [f"{upload.name}: {m}" for m in exc.messages]}
            ) from None
        checked.append((upload, name, content_type))
    return checked


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    project: RoadProject,
    month: dt.date,
    km_paved: Any,
    spent: Any,
    note: str = "",
    photos: list[UploadedFile] | None = None,
) -> ProgressReport:
    """Record a month's progress (cumulative figures): never above the project's length,
    never below an earlier month's figure. Reporting a month again corrects its figures and
    adds the new photos."""
    checked = check_photos(list(photos or []))
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError({"month": [_("The month cannot be in the future.")]})
    if project.status in (RoadProject.Status.PLANNED, RoadProject.Status.APPROVED):
        raise ValidationError({"month": [_("Progress is reported once construction has started.")]})
    first = (project.started_on or dt.date(project.year - 1, 1, 1)).replace(day=1)
    if month < first:
        raise ValidationError(
            {
                "month": [
                    _("The month is before the start, %(month)s.") % {"month": f"{first:%Y-%m}"}
                ]
            }
        )
    if km_paved < 0 or spent < 0:
        raise ValidationError({"km_paved": [_("Figures cannot be negative.")]})
    if km_paved > project.length_km:
        raise ValidationError(
            {"km_paved": [_("More than the project's %(km)s km.") % {"km": project.length_km}]}
        )
    earlier = project.reports.filter(month__lt=month).order_by("-month").first()
    if earlier and (km_paved < earlier.km_paved or spent < earlier.spent):
        raise ValidationError(
            {
                "km_paved": [
                    _("Figures are cumulative: %(month)s already reported %(km)s km.")
                    % {"month": f"{earlier.month:%Y-%m}", "km": earlier.km_paved}
                ]
            }
        )
    later = project.reports.filter(month__gt=month).order_by("month").first()
    if later and (km_paved > later.km_paved or spent > later.spent):
        raise ValidationError(
            {
                "km_paved": [
                    _("Figures are cumulative: %(month)s already reported only %(km)s km.")
                    % {"month": f"{later.month:%Y-%m}", "km": later.km_paved}
                ]
            }
        )
    report = ProgressReport.objects.filter(project=project, month=month).first() or (
        ProgressReport(project=project, month=month)
    )
    report.km_paved, report.spent, report.note = km_paved, spent, note
    save_as(report, actor)
    for upload, name, content_type in checked:
        save_upload(ProgressPhoto, upload, name, content_type, actor=actor, report=report)
    return report


@transaction.atomic
def target_save(
    *, actor: Any, organization: Any, data: dict[str, Any], target: ProgramTarget | None = None
) -> ProgramTarget:
    """Create or change a county's yearly target: one per county and year."""
    target = target or ProgramTarget(organization=organization)
    for name in ("county", "year", "groups", "km", "investment"):
        if name in data and data[name] is not None:
            setattr(target, name, data[name])
    if target.county.level != Division.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county.")]})
    if not 2000 <= target.year <= 2100:
        raise ValidationError({"year": [_("A year from 2000 to 2100.")]})
    for name in ("groups", "km", "investment"):
        if getattr(target, name) < 0:
            raise ValidationError({name: [_("Cannot be negative.")]})
    duplicate = ValidationError(
        {
            "year": [
                _("%(county)s already has a target for %(year)s.")
                % {"county": target.county.name, "year": target.year}
            ]
        }
    )
    others = ProgramTarget.objects.filter(county=target.county, year=target.year)
    if others.exclude(pk=target.pk).exists():
        raise duplicate
    try:
        with transaction.atomic():
            save_as(target, actor)
    except IntegrityError:  # the same county and year saved at the same moment
        raise duplicate from None
    return target
