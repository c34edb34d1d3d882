"""Writes for road projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user
from branchwork.roads import rules, workflow
from branchwork.roads.models import ProgressReport, RoadProject, VillageGroup

FIELDS = (
    "name",
    "county",
    "route_code",
    "year",
    "length_km",
    "pavement_type",
    "pavement_width_m",
    "investment",
    "contractor",
)


_user = acting_user


@transaction.atomic
def project_save(
    *, actor: Any, organization: Any, data: dict[str, Any], project: RoadProject | None = None
) -> tuple[RoadProject, list[str]]:
    project = project or RoadProject(organization=organization)
    for name in FIELDS:
        if name in data:
            setattr(project, name, data[name] if data[name] is not None else "")
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
    project._history_user = _user(actor)
    project.save()
    return project, workflow.profile_warnings(project.pavement_type, project.pavement_width_m)


@transaction.atomic
def project_advance(
    *, actor: Any, project: RoadProject, on: dt.date | None = None, inspector: str = ""
) -> RoadProject:
    """Move the project to the next status; completion and acceptance need their date, and
    acceptance its inspector."""
    target = workflow.next_status(project.status)
    if target is None:
        raise ValidationError({"status": [_("The project is already accepted.")]})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if target == "completed":
        project.completed_on = on
    if target == "accepted":
        if not inspector.strip():
            raise ValidationError({"inspector": [_("Name the acceptance inspector.")]})
        if project.completed_on and on < project.completed_on:
            raise ValidationError({"on": [_("Acceptance comes after completion.")]})
        project.accepted_on, project.accepted_by = on, inspector.strip()
    project.status = target
    project._history_user = _user(actor)
    project.save()
    return project


@transaction.atomic
def project_connect(*, actor: Any, project: RoadProject, groups: list[VillageGroup]) -> int:
    wrong = [g for g in groups if g.county_id != project.county_id]
    if wrong:
        raise ValidationError({"groups": [_("Groups must be in the project's county.")]})
    project.groups.add(*groups)
    return len(groups)


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


@transaction.atomic
def progress_report(
    *, actor: Any, project: RoadProject, month: dt.date, km_paved: Any, spent: Any, note: str = ""
) -> ProgressReport:
    """Record a month's progress (cumulative figures): never above the project's length,
    never below an earlier month's figure."""
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError({"month": [_("The month cannot be in the future.")]})
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
    report, _created = ProgressReport.objects.update_or_create(
        project=project, month=month, defaults={"km_paved": km_paved, "spent": spent, "note": note}
    )
    return report
