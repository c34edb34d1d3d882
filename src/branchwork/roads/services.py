"""Writes for road projects, village groups, progress reports, program targets, the province
ranking and the administrative divisions.

Every page, API, command and demo write goes through here, keyword-only with a required
``actor`` (the signed-in user or a named ``SystemActor``), and leaves its activity line through
``save_as`` / ``record`` / ``record_bulk``. Rule violations are ValidationErrors keyed by field;
profile deviations are warnings returned next to the saved object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import record, record_bulk, save_as
from branchwork.core.dates import YEAR_MAX, YEAR_MIN, year_ok
from branchwork.core.models import AuditEvent
from branchwork.core.tabular import error_at
from branchwork.core.uploads import PHOTOS, checked_upload, save_upload
from branchwork.roads import rules, workflow
from branchwork.roads.models import (
    Division,
    ProgramTarget,
    ProgressPhoto,
    ProgressReport,
    ProvinceRank,
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
# A project's place and technical description, as the form, the API and the workbook give it.
DESCRIPTION = (
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
)
# What a project form or API payload may set (the total investment is derived).
FIELDS = (*DESCRIPTION, *INVESTMENT_SOURCES, "contractor", "supervisor", "started_on")
# What a village group form or API payload may set (the county comes from the village).
GROUP_FIELDS = (
    "name",
    "households",
    "population",
    "poor_households",
    "poor_population",
    "longitude",
    "latitude",
)
GROUP_COUNTS = ("population", "poor_households", "poor_population")
# Where the shipped division codes come from (roads/data/README.md).
CODE_SYSTEM = "NBS 统计用区划代码 2023"


def _year_range() -> str:
    return _("A year from %(min)d to %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}


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


def _check_dates(project: RoadProject) -> None:
    """Started ≤ completed ≤ accepted, whichever of the project's dates are known.

    Raises ValidationError keyed by ``started_on`` or ``on`` (the advance form's date)."""
    started, completed, accepted = project.started_on, project.completed_on, project.accepted_on
    if started and completed and started > completed:
        raise ValidationError(
            {
                "started_on": [
                    _(
                        "Completion (%(completed)s) must come after the start of construction "
                        "(%(started)s)."
                    )
                    % {"started": started, "completed": completed}
                ]
            }
        )
    if completed and accepted and completed > accepted:
        raise ValidationError(
            {
                "on": [
                    _("Acceptance (%(accepted)s) must come after completion (%(completed)s).")
                    % {"accepted": accepted, "completed": completed}
                ]
            }
        )
    if started and accepted and started > accepted:
        raise ValidationError(
            {
                "started_on": [
                    _(
                        "Acceptance (%(accepted)s) must come after the start of construction "
                        "(%(started)s)."
                    )
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
    if not year_ok(project.year):
        raise ValidationError({"year": [_year_range()]})


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
    """Create or change a project of ``organization``.

    Args: ``data`` maps names of FIELDS to values (county and township as Division, lengths in
    km, widths in m, thickness in cm, money in 10,000 yuan as Decimal); missing names keep
    the project's values. The total investment is the sum of the four sources.
    Returns the project and the group-road profile warnings (roads/workflow.py, never refusals).
    Raises ValidationError keyed by field (required fields, county/township, route code and
    stakes, positive numbers, date order, a length below the km already reported paved)."""
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
    _check_dates(project)
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


@transaction.atomic
def project_advance(
    *, actor: Any, project: RoadProject, on: dt.date | None = None, inspector: str = ""
) -> RoadProject:
    """Move the project to the next status. Starting construction records the start date
    (the date given, else the one already entered if not in the future); completion and
    acceptance record theirs (the date given), and acceptance its inspector. A step that
    records a date never takes today silently: without one it is refused. Dates stay in
    order: started ≤ completed ≤ accepted (workflow.ORDER).

    Raises ValidationError (``status`` when already accepted, ``on`` for a missing, future or
    out-of-order date, ``inspector`` when acceptance names none)."""
    target = workflow.next_status(project.status)
    if target is None:
        raise ValidationError({"status": [_("The project is already accepted.")]})
    today = timezone.localdate()
    if on is not None and on > today:
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if target == "under_construction":
        planned = project.started_on if project.started_on and project.started_on <= today else None
        on = on or planned
    if "on" in workflow.STEP_FIELDS[target] and on is None:
        raise ValidationError({"on": [_("Give the date of this step.")]})
    if target == "under_construction":
        project.started_on = on
    if target == "completed":
        project.completed_on = on
        if project.started_on and on is not None and on < project.started_on:
            raise ValidationError(
                {
                    "on": [
                        _(
                            "Completion (%(completed)s) must come after the start of "
                            "construction (%(started)s)."
                        )
                        % {"completed": on, "started": project.started_on}
                    ]
                }
            )
    if "inspector" in workflow.STEP_FIELDS[target]:
        if not inspector.strip():
            raise ValidationError({"inspector": [_("Name the acceptance inspector.")]})
        project.accepted_on, project.accepted_by = on, inspector.strip()
    _check_dates(project)
    project.status = target
    save_as(project, actor)
    return project


@transaction.atomic
def project_connect(*, actor: Any, project: RoadProject, groups: list[VillageGroup]) -> int:
    """Connect village groups to a project (one activity line naming them).

    Args: ``groups`` of the project's county and its organization's subtree.
    Returns how many were given. Raises ValidationError keyed by ``groups``."""
    if not groups:
        raise ValidationError({"groups": [_("Choose the village groups the road connects.")]})
    wrong = [g for g in groups if g.county_id != project.county_id]
    if wrong:
        raise ValidationError({"groups": [_("Groups must be in the project's county.")]})
    inside = set(
        VillageGroup.objects.in_subtree(project.organization)
        .filter(pk__in=[g.pk for g in groups])
        .values_list("pk", flat=True)
    )
    foreign = [g for g in groups if g.pk not in inside]
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
    """Undo a wrong connection (one activity line). An accepted project's groups are final
    (workflow.groups_final). Raises ValidationError keyed by ``groups``."""
    if workflow.groups_final(project.status):
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
    *, actor: Any, organization: Any, village: Division, data: dict[str, Any]
) -> VillageGroup:
    """Add a village group (村民组) under ``village`` for ``organization``'s program.

    Args: ``data`` maps GROUP_FIELDS to values (counts as ints, coordinates as Decimal
    degrees or None). The county is the village's county. Groups of ROADS_ELIGIBLE_HOUSEHOLDS
    households or more are eligible for the 组组通 program.
    Raises ValidationError (``name`` taken in the village, ``poor_households`` above the
    households, ``village_code`` not under a county)."""
    duplicate = ValidationError(
        {
            "name": [
                _("%(village)s already has a group called %(name)s.")
                % {"village": village.name, "name": data["name"]}
            ]
        }
    )
    if VillageGroup.objects.filter(village=village, name=data["name"]).exists():
        raise duplicate
    poor, households = data.get("poor_households") or 0, data.get("households") or 0
    if poor > households:
        raise ValidationError({"poor_households": [_("More poor households than households.")]})
    county: Division | None = village
    while county is not None and county.level != Division.Level.COUNTY:
        county = county.parent
    if county is None:
        raise ValidationError({"village_code": [_("The village is not under a county.")]})
    group = VillageGroup(organization=organization, village=village, county=county)
    for name in GROUP_FIELDS:
        value = data.get(name)
        setattr(group, name, value if value is not None else (0 if name in GROUP_COUNTS else None))
    try:
        with transaction.atomic():
            save_as(group, actor)
    except IntegrityError:  # the same name saved in the village at the same moment
        raise duplicate from None
    return group


def _check_photos(uploads: list[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    """Every upload checked before anything is stored: all photos are kept, or none.

    Returns (upload, safe name, content type) per photo. Raises ValidationError keyed by
    ``photos`` for more than ROADS_MAX_PHOTOS at once or a file that is not a JPEG/PNG."""
    limit = settings.ROADS_MAX_PHOTOS
    if len(uploads) > limit:
        raise ValidationError({"photos": [_("At most %(n)d photos at once.") % {"n": limit}]})
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
    adds the new photos.

    Args: ``month`` any day of the month; ``km_paved`` Decimal km and ``spent`` Decimal
    10,000 yuan, both cumulative; ``photos`` up to ROADS_MAX_PHOTOS uploads.
    Raises ValidationError keyed by ``month``, ``km_paved`` or ``photos``."""
    checked = _check_photos(list(photos or []))
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
    """Create or change a county's yearly target: one per county and year.

    Args: ``data`` with ``county`` (a county Division), ``year`` (YEAR_MIN..YEAR_MAX),
    ``groups`` (int), ``km`` (Decimal km) and ``investment`` (Decimal 10,000 yuan).
    Raises ValidationError keyed by field (not a county, year range, negative figures, a
    second target for the county and year)."""
    target = target or ProgramTarget(organization=organization)
    for name in ("county", "year", "groups", "km", "investment"):
        if name in data and data[name] is not None:
            setattr(target, name, data[name])
    if target.county.level != Division.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county.")]})
    if not year_ok(target.year):
        raise ValidationError({"year": [_year_range()]})
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


@transaction.atomic
def province_rank_save(
    *,
    actor: Any,
    organization: Any,
    rank: int,
    prefecture: str,
    km: int,
    groups: int,
    source: str,
) -> ProvinceRank:
    """Record (or correct) a prefecture's place in the province's 组组通 ranking as ``source``
    reports it. Args: ``rank`` from 1, ``km`` built (whole km), ``groups`` connected.
    Raises ValidationError for a rank below 1 or an empty prefecture or source."""
    if rank < 1:
        raise ValidationError({"rank": [_("A rank starts at 1.")]})
    entry = ProvinceRank.objects.filter(organization=organization, prefecture=prefecture).first()
    entry = entry or ProvinceRank(organization=organization, prefecture=prefecture)
    entry.rank, entry.km, entry.groups, entry.source = rank, km, groups, source
    save_as(entry, actor)
    return entry


@transaction.atomic
def divisions_load(
    *, actor: Any, rows: list[dict[str, str]], code_system: str = CODE_SYSTEM
) -> dict[str, int]:
    """Load administrative divisions (GB/T 2260 / NBS codes): add new codes, rename changed
    ones, set parents. Idempotent. One ``record_bulk`` line for the whole load.

    Args: ``rows`` with ``code`` (digits), ``name``, ``level`` (a Division.Level value) and
    ``parent_code`` (may be empty); ``code_system`` names where the codes come from.
    Returns {"read", "added", "renamed", "reparented", "total"}.
    Raises ValidationError listing every bad row (nothing is loaded then)."""
    errors = []
    for number, row in enumerate(rows, start=2):
        if not (row.get("code") or "").isdigit():
            errors.append(
                error_at(number, "code", _("%(value)r is not a code.") % {"value": row.get("code")})
            )
        if row.get("level") not in Division.Level.values:
            errors.append(
                error_at(
                    number, "level", _("%(value)r is not a level.") % {"value": row.get("level")}
                )
            )
    if errors:
        raise ValidationError(errors)
    existing = {d.code: d for d in Division.objects.all()}
    new, changed = [], []
    for row in rows:
        division = existing.get(row["code"])
        if division is None:
            new.append(
                Division(
                    code=row["code"], name=row["name"], level=row["level"], code_system=code_system
                )
            )
        elif (division.name, division.level) != (row["name"], row["level"]):
            division.name, division.level = row["name"], row["level"]
            changed.append(division)
    Division.objects.bulk_create(new, batch_size=1000)
    Division.objects.bulk_update(changed, ["name", "level"], batch_size=1000)
    by_code = {d.code: d for d in Division.objects.all()}
    reparented = []
    for row in rows:
        parent = by_code.get(row.get("parent_code") or "")
        division = by_code[row["code"]]
        if division.parent_id != (parent.pk if parent else None):
            division.parent = parent
            reparented.append(division)
    Division.objects.bulk_update(reparented, ["parent"], batch_size=1000)
    result = {
        "read": len(rows),
        "added": len(new),
        "renamed": len(changed),
        "reparented": len(reparented),
        "total": len(by_code),
    }
    record_bulk(
        actor=actor,
        model=Division,
        count=len(new) + len(changed) + len(reparented),
        organization=None,
        note=(
            f"divisions loaded ({code_system}): {len(rows)} read, {len(new)} added, "
            f"{len(changed)} renamed, {len(reparented)} reparented"
        ),
    )
    return result


@transaction.atomic
def program_load(
    *,
    actor: Any,
    organization: Any,
    groups: list[VillageGroup],
    projects: list[tuple[RoadProject, list[int]]],
    targets: list[ProgramTarget],
) -> dict[str, int]:
    """Load a whole program at once (the demo: thousands of groups and projects) for
    ``organization``: the village groups, the projects with the indexes (into ``groups``) of
    the groups each connects, and the yearly targets. One ``record_bulk`` line per model.

    The rows are saved as given (no per-row checks: the caller builds them from consistent
    data) and without history snapshots. Returns how many of each were written."""
    VillageGroup.objects.bulk_create(groups, batch_size=1000)
    RoadProject.objects.bulk_create([p for p, _i in projects], batch_size=1000)
    through = RoadProject.groups.through
    links = [
        through(roadproject_id=project.pk, villagegroup_id=groups[i].pk)
        for project, indexes in projects
        for i in indexes
    ]
    through.objects.bulk_create(links, batch_size=2000)
    ProgramTarget.objects.bulk_create(targets)
    for model, count, what in (
        (VillageGroup, len(groups), "village groups added"),
        (RoadProject, len(projects), f"projects added, connecting {len(links)} groups"),
        (ProgramTarget, len(targets), "yearly targets added"),
    ):
        if count:
            record_bulk(actor=actor, model=model, count=count, organization=organization, note=what)
    return {"groups": len(groups), "projects": len(projects), "targets": len(targets)}
