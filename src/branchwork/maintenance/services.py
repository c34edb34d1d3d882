"""Every write to maintenance records, each in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user, delete_as, record_bulk, save_as
from branchwork.core.dates import YEAR_MIN
from branchwork.core.roles import Action
from branchwork.core.tabular import error_at
from branchwork.core.uploads import PHOTOS, check_size, checked_upload, save_upload
from branchwork.maintenance import profiles, rules
from branchwork.maintenance.imports import read_survey_data
from branchwork.maintenance.models import (
    ConditionProfile,
    Patrol,
    PatrolPhoto,
    ProfileYear,
    Route,
    Survey,
    SurveyUnit,
    WorkOrder,
)
from branchwork.maintenance.selectors import profile_for_year, profile_newest
from branchwork.roads.rules import ConditionError, check_route_code, parse_stake


class SurveyImportError(ValidationError):
    """A sheet that cannot be imported: every problem as "row N, column X: reason"."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


# --- Profiles -------------------------------------------------------------------------------


@transaction.atomic
def builtin_profiles_install(*, actor: Any) -> list[ConditionProfile]:
    """Save version 1 of every profile shipped in ``maintenance/profiles.py`` that the
    database lacks (migration 0002 installs the ones shipped with it; this installs later
    ones, or restores a deleted one). Returns the profiles it created. Reads never do this."""
    created = []
    for name, data in profiles.BUILT_IN.items():
        if ConditionProfile.objects.filter(name=name, version=1).exists():
            continue
        profile = ConditionProfile(
            name=name, version=1, data=data, note=data["source"], created_by=acting_user(actor)
        )
        save_as(profile, actor)
        created.append(profile)
    return created


@transaction.atomic
def profile_revise(
    *,
    actor: Any,
    base: ConditionProfile,
    values: dict[str, float],
    statuses: dict[str, str] | None = None,
    note: str,
) -> ConditionProfile:
    """Save the next version of ``base`` with some coefficients changed (``values``: dotted
    coefficient path -> number; ``statuses``: leaf path -> VERIFIED/CORROBORATED/UNVERIFIED;
    ``note``: what changed and on what authority). Versions already saved never change, so
    results keep the coefficients that computed them. Raises ValidationError for an unknown
    path, a profile that breaks ``profiles.problems``, no change, an older base or a
    concurrent save."""
    if not note.strip():
        raise ValidationError({"note": [_("Say what changed and on what authority.")]})
    try:
        data = profiles.revised(base.table, values, statuses)
    except KeyError as exc:
        raise ValidationError(
            {"__all__": [_("Unknown coefficients: %(paths)s.") % {"paths": exc.args[0]}]}
        ) from None
    found = profiles.problems(data)
    if found:
        raise ValidationError({"__all__": found})
    if data == base.data:
        raise ValidationError({"__all__": [_("Nothing was changed.")]})
    latest = profile_newest(base.name)
    if latest is None or latest.pk != base.pk:
        raise ValidationError(
            {
                "__all__": [
                    _("Revise the newest version, %(latest)s; this one is older.")
                    % {"latest": latest}
                ]
            }
        )
    revised = ConditionProfile(
        name=base.name,
        version=base.version + 1,
        data=data,
        note=note.strip()[:300],
        created_by=acting_user(actor),
    )
    try:
        with transaction.atomic():
            save_as(revised, actor)
            return revised
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("Someone saved a new version meanwhile; open the newest and retry.")]}
        ) from None


@transaction.atomic
def profile_assign(*, actor: Any, year: int, profile: ConditionProfile) -> ProfileYear:
    """Choose the profile version that evaluates the surveys of ``year`` (YEAR_MIN to next
    year). Raises ValidationError for a year outside that range."""
    if not YEAR_MIN <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            {"year": [_("Choose a year from %(min)d to next year.") % {"min": YEAR_MIN}]}
        )
    chosen = ProfileYear.objects.filter(year=year).first() or ProfileYear(year=year)
    chosen.profile = profile
    save_as(chosen, actor)
    return chosen


# --- Routes ---------------------------------------------------------------------------------

ROUTE_FIELDS = (
    "code",
    "name",
    "technical_grade",
    "pavement",
    "county",
    "width_m",
    "unit_length_m",
)


def _stake(data: dict[str, Any], field: str) -> int:
    text = data.get(field)
    try:
        metres = parse_stake(str(text or ""))
    except ConditionError as exc:
        raise ValidationError({field: [str(exc)]}) from None
    if not metres.is_integer():
        raise ValidationError({field: [_("Give the stake in whole metres.")]})
    return int(metres)


@transaction.atomic
def route_save(
    *, actor: Any, organization: Any, data: dict[str, Any], route: Route | None = None
) -> Route:
    """Add a route to ``organization``'s inventory or change ``route``. ``data`` holds the
    ROUTE_FIELDS to set and ``start_stake``/``end_stake`` as 'K1+200'; a new route without a
    unit length gets settings.MAINTENANCE_UNIT_LENGTH_M. Checks the route code (roads.md
    §2.1) against its county, the stakes, the width, the unit length (rules.UNIT_LENGTH_MIN_M
    to UNIT_LENGTH_MAX_M, at most rules.MAX_UNITS_PER_ROUTE units) and that surveyed units,
    work orders and patrolled sections stay inside the stakes. Raises ValidationError."""
    route = route or Route(
        organization=organization, unit_length_m=settings.MAINTENANCE_UNIT_LENGTH_M
    )
    for name in ROUTE_FIELDS:
        if name in data and data[name] is not None:
            setattr(route, name, data[name])
    try:
        route.code = check_route_code(route.code)
    except ConditionError as exc:
        raise ValidationError({"code": [str(exc)]}) from None
    if route.code[-6:] != route.county.code:
        raise ValidationError(
            {
                "code": [
                    _("The route code ends with the county code %(code)s.")
                    % {"code": route.county.code}
                ]
            }
        )
    if Route.objects.filter(code=route.code).exclude(pk=route.pk).exists():
        raise ValidationError(
            {"code": [_("Route %(code)s is already in the inventory.") % {"code": route.code}]}
        )
    route.level = route.code[0]
    if "start_stake" in data:
        route.start_m = _stake(data, "start_stake")
    if "end_stake" in data:
        route.end_m = _stake(data, "end_stake")
    if route.end_m is None or route.start_m is None or route.end_m <= route.start_m:
        raise ValidationError({"end_stake": [_("The end stake must be after the start stake.")]})
    if Decimal(route.width_m) <= 0:
        raise ValidationError({"width_m": [_("The width must be positive.")]})
    if not rules.UNIT_LENGTH_MIN_M <= int(route.unit_length_m) <= rules.UNIT_LENGTH_MAX_M:
        raise ValidationError(
            {
                "unit_length_m": [
                    _("Evaluation units are %(min)s to %(max)s m long.")
                    % {
                        "min": f"{rules.UNIT_LENGTH_MIN_M:,}",
                        "max": f"{rules.UNIT_LENGTH_MAX_M:,}",
                    }
                ]
            }
        )
    units = -(-(route.end_m - route.start_m) // int(route.unit_length_m))
    if units > rules.MAX_UNITS_PER_ROUTE:
        raise ValidationError(
            {
                "unit_length_m": [
                    _("That makes %(n)d evaluation units; a route has at most %(max)d.")
                    % {"n": units, "max": rules.MAX_UNITS_PER_ROUTE}
                ]
            }
        )
    if route.pk:
        outside = Q(from_m__lt=route.start_m) | Q(to_m__gt=route.end_m)
        for records, what in (
            (SurveyUnit.objects.filter(route=route), _("Surveyed units")),
            (WorkOrder.objects.filter(route=route), _("Work orders")),
            (Patrol.objects.filter(route=route, from_m__isnull=False), _("Patrolled sections")),
        ):
            if records.filter(outside).exists():
                raise ValidationError(
                    {
                        "end_stake": [
                            _("%(what)s lie outside these stakes; keep them inside.")
                            % {"what": what}
                        ]
                    }
                )
    save_as(route, actor)
    return route


# --- Surveys --------------------------------------------------------------------------------


def _survey_year(year: int, surveyed_on: dt.date) -> None:
    today = timezone.localdate()
    if surveyed_on > today:
        raise ValidationError({"surveyed_on": [_("The survey date cannot be in the future.")]})
    if not YEAR_MIN <= year <= today.year:
        raise ValidationError(
            {"year": [_("Choose a year from %(min)d to this year.") % {"min": YEAR_MIN}]}
        )
    if surveyed_on.year not in (year, year + 1):
        raise ValidationError(
            {
                "surveyed_on": [
                    _("A survey for %(year)d is carried out in %(year)d or early the next year.")
                    % {"year": year}
                ]
            }
        )


def _overlapping(
    sections: Sequence[tuple[float, float, int]], start: float, end: float
) -> int | None:
    """The tag (row or survey) of the first section that overlaps start–end, if any."""
    return next((tag for a, b, tag in sections if a < end and start < b), None)


def _row_number(message: str) -> int:
    """The row a message names ("row 4, …" / "第 4 行，…"), for listing errors in sheet order."""
    found = re.search(r"\d+", message)
    return int(found.group()) if found else 0


@transaction.atomic
def survey_import(
    *,
    actor: Any,
    user: Any,
    organization: Any,
    year: int,
    surveyed_on: dt.date,
    name: str,
    data: bytes,
    profile: ConditionProfile | None = None,
    note: str = "",
) -> Survey:
    """Store a survey sheet (``name`` .csv or .xlsx, ``data`` its bytes) for ``organization``
    and evaluation ``year``: every row is checked against the sheet's rules (imports.py,
    JTG 5210-2018 via ``profile``, default the year's), the inventory (a route ``user`` may
    manage in ``organization``'s subtree, stakes inside the route) and the units already
    surveyed that year. One error anywhere and nothing is stored: raises SurveyImportError
    listing every row's errors, ValidationError for the year or date. Writes the survey and
    one bulk activity line for its units."""
    check_size(len(data))
    _survey_year(year, surveyed_on)
    if profile is None:
        profile = profile_for_year(year)
        # The first survey of a year fixes the year's profile, so that later imports for the
        # same year are computed alike even after a new version is saved.
        if not ProfileYear.objects.filter(year=year).exists():
            save_as(ProfileYear(year=year, profile=profile), actor)
    # Rows with sheet errors are reported with the inventory errors of the other rows, so
    # that one attempt lists everything that is wrong.
    sheet = read_survey_data(name, data, profile.table, keep_valid_rows=True)
    if sheet.errors and not sheet.rows:
        raise SurveyImportError(sheet.errors)
    codes = {row["route_code"].strip().upper() for row in sheet.rows}
    # Routes the user manages that belong to the survey's organization (or below it).
    routes = {
        r.code: r
        for r in Route.objects.visible_to(user, Action.ROADS_MANAGE)
        .in_subtree(organization)
        .filter(code__in=codes)
    }
    taken: dict[int, list[tuple[int, int, int]]] = {}
    for route_id, from_m, to_m, survey_id in SurveyUnit.objects.filter(
        route__in=routes.values(), year=year
    ).values_list("route_id", "from_m", "to_m", "survey_id"):
        taken.setdefault(route_id, []).append((from_m, to_m, survey_id))
    errors: list[str] = []
    units: list[SurveyUnit] = []
    seen: dict[int, list[tuple[float, float, int]]] = {}
    for row in sheet.rows:
        line, result = row["line"], row["result"]
        route = routes.get(result.route_code)
        if route is None:
            errors.append(
                error_at(
                    line,
                    sheet.header("route_code"),
                    _("%(code)s is not a route in your inventory.") % {"code": result.route_code},
                )
            )
            continue
        start, end = (
            parse_stake(row["from_stake"]),
            parse_stake(row["to_stake"]),
        )
        if start < route.start_m or end > route.end_m:
            errors.append(
                error_at(
                    line,
                    sheet.header("to_stake"),
                    _("%(section)s lies outside %(code)s (%(route)s).")
                    % {
                        "section": rules.format_section(start, end),
                        "code": route.code,
                        "route": rules.format_section(route.start_m, route.end_m),
                    },
                )
            )
            continue
        other = _overlapping(seen.get(route.pk, []), start, end)
        if other is not None:
            errors.append(
                error_at(
                    line,
                    sheet.header("from_stake"),
                    _("%(section)s overlaps the unit on row %(other)d.")
                    % {"section": rules.format_section(start, end), "other": other},
                )
            )
            continue
        seen.setdefault(route.pk, []).append((start, end, line))
        stored = _overlapping(taken.get(route.pk, []), start, end)
        if stored is not None:
            errors.append(
                error_at(
                    line,
                    sheet.header("from_stake"),
                    _(
                        "%(code)s %(section)s was already surveyed for %(year)d (survey "
                        "#%(survey)d); delete that survey to import it again."
                    )
                    % {
                        "code": route.code,
                        "section": rules.format_section(start, end),
                        "year": year,
                        "survey": stored,
                    },
                )
            )
            continue
        units.append(
            SurveyUnit(
                route=route,
                year=year,
                from_m=int(start),
                to_m=round(end),
                length_m=round(end - start),
                pavement=row["pavement"],
                road_class=row["road_class"],
                width_m=row.get("width_m"),
                iri=row.get("iri"),
                rd_mm=row.get("rd_mm"),
                damages=row.get("damages") or {},
                sci=row.get("sci"),
                bci=row.get("bci"),
                tci=row.get("tci"),
                dr=result.dr,
                pci=result.pci,
                rqi=result.rqi,
                rdi=result.rdi,
                pqi=result.pqi,
                mqi=result.mqi,
                condition_grade=result.grade,
            )
        )
    errors = sheet.errors + errors
    if errors:
        raise SurveyImportError(sorted(errors, key=_row_number))
    survey = Survey(
        organization=organization,
        year=year,
        surveyed_on=surveyed_on,
        profile=profile,
        source_name=name[:200],
        note=note[:300],
        created_by=acting_user(actor),
    )
    save_as(survey, actor)
    for unit in units:
        unit.survey = survey
    try:
        with transaction.atomic():
            SurveyUnit.objects.bulk_create(units, batch_size=1000)
    except IntegrityError:
        # Another import of the same units committed between our check and our insert.
        raise SurveyImportError(
            [_("Another survey of these units was saved meanwhile; nothing was saved.")]
        ) from None
    record_bulk(
        actor=actor,
        model=SurveyUnit,
        count=len(units),
        organization=organization,
        note=f"imported {len(units)} surveyed units for {year} from {survey.source_name} "
        f"(survey #{survey.pk}, {profile})",
    )
    return survey


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> int:
    """Delete a survey with its units (one bulk activity line for the units, one for the
    survey); returns how many units were deleted. Work orders raised from a unit keep their
    section and lose the link."""
    count, _by_model = survey.units.all().delete()
    record_bulk(
        actor=actor,
        model=SurveyUnit,
        count=count,
        organization=survey.organization,
        note=f"deleted {count} surveyed units of {survey.year} with survey #{survey.pk}",
    )
    delete_as(survey, actor)
    return count


# --- Patrols --------------------------------------------------------------------------------


def _section(route: Route, data: dict[str, Any], required: bool) -> tuple[int | None, int | None]:
    if not data.get("from_stake") and not data.get("to_stake"):
        if required:
            raise ValidationError({"from_stake": [_("Give the section's stakes.")]})
        return None, None
    start, end = _stake(data, "from_stake"), _stake(data, "to_stake")
    if end < start:
        raise ValidationError({"to_stake": [_("The section ends after it starts.")]})
    if start < route.start_m or end > route.end_m:
        raise ValidationError(
            {
                "to_stake": [
                    _("The section lies outside the route (%(route)s).")
                    % {"route": rules.format_section(route.start_m, route.end_m)}
                ]
            }
        )
    return start, end


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [_("The date cannot be in the future.")]})


@transaction.atomic
def photo_add(*, actor: Any, patrol: Patrol, upload: UploadedFile) -> PatrolPhoto:
    """Add one photo (JPEG or PNG) to a patrol, up to settings.MAINTENANCE_MAX_PHOTOS.
    Raises ValidationError on the "file" field."""
    if patrol.photos.count() >= settings.MAINTENANCE_MAX_PHOTOS:
        raise ValidationError(
            {
                "file": [
                    _("At most %(n)d photos per patrol.") % {"n": settings.MAINTENANCE_MAX_PHOTOS}
                ]
            }
        )
    name, content_type = checked_upload(upload, PHOTOS)
    return save_upload(PatrolPhoto, upload, name, content_type, actor=actor, patrol=patrol)


@transaction.atomic
def patrol_record(
    *, actor: Any, route: Route, data: dict[str, Any], photos: Sequence[UploadedFile] = ()
) -> Patrol:
    """Record a patrol of ``route``: ``data`` holds patrolled_on (not in the future),
    inspector, findings and optionally from_stake/to_stake inside the route; ``photos`` at
    most settings.MAINTENANCE_MAX_PHOTOS, all checked before any is stored. Raises
    ValidationError."""
    _not_future(data["patrolled_on"], "patrolled_on")
    if len(photos) > settings.MAINTENANCE_MAX_PHOTOS:
        raise ValidationError(
            {
                "file": [
                    _("At most %(n)d photos per patrol.") % {"n": settings.MAINTENANCE_MAX_PHOTOS}
                ]
            }
        )
    # Every photo is checked before any file is written.
    checked = [(upload, *checked_upload(upload, PHOTOS)) for upload in photos]
    if not (data.get("findings") or "").strip():
        raise ValidationError(
            {"findings": [_("Write what the patrol found (or “nothing found”).")]}
        )
    if not (data.get("inspector") or "").strip():
        raise ValidationError({"inspector": [_("Name the inspector.")]})
    start, end = _section(route, data, required=False)
    patrol = Patrol(
        route=route,
        patrolled_on=data["patrolled_on"],
        inspector=data["inspector"].strip(),
        from_m=start,
        to_m=end,
        findings=data["findings"].strip(),
        created_by=acting_user(actor),
    )
    save_as(patrol, actor)
    for upload, name, content_type in checked:
        save_upload(PatrolPhoto, upload, name, content_type, actor=actor, patrol=patrol)
    return patrol


# --- Work orders ----------------------------------------------------------------------------


@transaction.atomic
def work_order_raise(*, actor: Any, route: Route, data: dict[str, Any]) -> WorkOrder:
    """Raise a work order on ``route``: ``data`` holds from_stake/to_stake inside the route,
    defect, raised_on (required: a blank date is refused, never taken as today; not in the
    future, not before the patrol) and
    optionally the ``patrol`` (a Patrol the actor may manage, see selectors.patrol_get) and
    ``survey_unit`` that found it, both on this route. Raises ValidationError."""
    raised_on = data.get("raised_on")
    if raised_on is None:
        raise ValidationError({"raised_on": [_("Give the date the order is raised.")]})
    _not_future(raised_on, "raised_on")
    if not (data.get("defect") or "").strip():
        raise ValidationError({"defect": [_("Describe the defect.")]})
    start, end = _section(route, data, required=True)
    assert start is not None and end is not None  # a required section has both stakes
    patrol, unit = data.get("patrol"), data.get("survey_unit")
    if patrol is not None and patrol.route_id != route.pk:
        raise ValidationError({"patrol": [_("That patrol was on another route.")]})
    if patrol is not None and raised_on < patrol.patrolled_on:
        raise ValidationError(
            {
                "raised_on": [
                    _(
                        "The order cannot be raised before the patrol that found the defect "
                        "(%(date)s)."
                    )
                    % {"date": patrol.patrolled_on}
                ]
            }
        )
    if unit is not None and unit.route_id != route.pk:
        raise ValidationError({"survey_unit": [_("That surveyed unit is on another route.")]})
    order = WorkOrder(
        route=route,
        from_m=start,
        to_m=end,
        defect=data["defect"].strip()[:300],
        patrol=patrol,
        survey_unit=unit,
        raised_on=raised_on,
    )
    save_as(order, actor)
    return order


@transaction.atomic
def work_order_advance(*, actor: Any, order: WorkOrder, data: dict[str, Any]) -> WorkOrder:
    """Move a work order one step: assigning names who repairs it; a repair records what was
    done and its cost; verification names who checked it. Each step needs its date
    (``data["on"]``; a blank date is refused, never taken as today); dates run forward and
    never past today."""
    step = rules.next_work_order_step(order.status)
    if step is None:
        raise ValidationError({"status": [_("The work order is already verified.")]})
    target, needed = step
    messages = {
        "assignee": _("Name the crew or contractor assigned."),
        "repair": _("Say what repair was done."),
        "cost": _("Give the cost of the repair (0 if none)."),
        "verified_by": _("Name who verified the repair."),
    }
    errors: dict[str, list[str]] = {}
    for field in needed:
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[field] = [messages[field]]
    on: dt.date | None = data.get("on")
    if on is None:
        errors["on"] = [_("Give the date of this step.")]
    if errors or on is None:
        raise ValidationError(errors)
    _not_future(on, "on")
    previous = {
        "assigned": order.raised_on,
        "repaired": order.assigned_on,
        "verified": order.repaired_on,
    }[target]
    if previous and on < previous:
        raise ValidationError(
            {
                "on": [
                    _("The date (%(on)s) must come after the previous step (%(date)s).")
                    % {"on": on, "date": previous}
                ]
            }
        )
    if target == "assigned":
        order.assignee, order.assigned_on = data["assignee"].strip()[:100], on
    elif target == "repaired":
        cost = Decimal(data["cost"])
        if cost < 0:
            raise ValidationError({"cost": [_("The cost cannot be negative.")]})
        order.repair, order.cost, order.repaired_on = data["repair"].strip()[:300], cost, on
    else:
        order.verified_by, order.verified_on = data["verified_by"].strip()[:60], on
    order.status = target
    save_as(order, actor)
    return order
