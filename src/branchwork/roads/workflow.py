"""The project workflow and the technical profile of a group road, as data.

Status order (issue 6): planned → approved → under construction → completed → accepted.
Technical profile for 通组公路 (roads.md §2.4, all UNVERIFIED: typical values pending the
Guizhou 组组通 technical guide): single lane, subgrade 4.5 m, pavement 3.5 m (3.0 m where
constrained), cement concrete about 18-20 cm thick, passing bays (错车道) about every 300 m.
Checked with warnings, never refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branchwork.roads import rules

ORDER = ["planned", "approved", "under_construction", "completed", "accepted"]
# What the advance form asks for on the way to each status: construction records its start
# date, completion its date, acceptance its date and inspector (services.project_advance).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "planned": (),
    "approved": (),
    "under_construction": ("on",),
    "completed": ("on",),
    "accepted": ("on", "inspector"),
}
DATE_LABELS = {"under_construction": gettext_lazy("Construction started on")}
# Once accepted, the groups a project connects are the program's result and stay as they are.
GROUPS_FINAL = "accepted"
UNVERIFIED = "UNVERIFIED"
PROFILE: dict[str, Any] = {
    "name": "group road (通组公路), roads.md §2.4",
    "status": UNVERIFIED,
    "min_pavement_width_m": Decimal("3.0"),
    "normal_pavement_width_m": Decimal("3.5"),
    "normal_subgrade_width_m": Decimal("4.5"),
    "min_concrete_thickness_cm": Decimal("18"),
    "passing_bay_spacing_m": Decimal("300"),
}
NUMBERS = (
    "min_pavement_width_m",
    "normal_pavement_width_m",
    "normal_subgrade_width_m",
    "min_concrete_thickness_cm",
    "passing_bay_spacing_m",
)


def group_road_profile() -> dict[str, Any]:
    """PROFILE with the local values of ROADS_GROUP_ROAD_PROFILE (e.g. when the provincial
    technical guide gives other numbers)."""
    return {**PROFILE, **settings.ROADS_GROUP_ROAD_PROFILE}


# The stakes and the length may disagree a little (curves measured differently, rounding);
# more than this share of the length is worth a second look.
STAKE_LENGTH_TOLERANCE = Decimal("0.05")


def next_status(status: str) -> str | None:
    """The status after ``status`` in ORDER, or None after acceptance."""
    index = ORDER.index(status)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def groups_final(status: str) -> bool:
    """Are a project's connected groups final at ``status`` (no disconnection)?"""
    return status == GROUPS_FINAL


@dataclass(frozen=True)
class Step:
    """The next step of a project, as the advance form shows it."""

    status: str
    label: str
    fields: tuple[str, ...]
    date_label: str
    date_initial: dt.date | None

    @property
    def needs_date(self) -> bool:
        return "on" in self.fields

    @property
    def needs_inspector(self) -> bool:
        return "inspector" in self.fields


def next_step(project: Any) -> Step | None:
    """The project's next step (status, its label, the fields it asks for, the date's label
    and suggested value), or None once accepted. The start of construction suggests the
    start date already entered."""
    target = next_status(project.status)
    if target is None:
        return None
    label = dict(type(project).Status.choices)[target]
    planned = project.started_on if target == "under_construction" else None
    return Step(
        status=target,
        label=str(label),
        fields=STEP_FIELDS[target],
        date_label=str(DATE_LABELS.get(target, gettext_lazy("Date"))),
        date_initial=planned,
    )


def profile_warnings(pavement_type: str, pavement_width_m: Decimal) -> list[str]:
    """Warnings for a pavement (a Pavement value) of ``pavement_width_m`` metres against the
    group-road profile (roads.md §2.4, UNVERIFIED) and ROADS_HARDENED_PAVEMENTS."""
    profile = group_road_profile()
    warnings = []
    if pavement_width_m < profile["min_pavement_width_m"]:
        warnings.append(
            _(
                "A pavement of %(width)s m is narrower than the %(min)s m the group-road "
                "profile allows."
            )
            % {"width": pavement_width_m, "min": profile["min_pavement_width_m"]}
        )
    elif pavement_width_m < profile["normal_pavement_width_m"]:
        warnings.append(
            _(
                "A pavement of %(width)s m is below the usual %(normal)s m; allowed where "
                "constrained."
            )
            % {"width": pavement_width_m, "normal": profile["normal_pavement_width_m"]}
        )
    if pavement_type not in settings.ROADS_HARDENED_PAVEMENTS:
        warnings.append(_("This pavement does not count as hardened under the default settings."))
    return warnings


def stake_length_warning(
    start_m: float | None, end_m: float | None, length_km: Decimal | None
) -> str | None:
    """A warning when the stakes say a length more than 5 % away from the recorded one,
    compared on the length shown (to the metre, 0.001 km): a warning never shows two figures
    that are exactly 5 % apart."""
    if start_m is None or end_m is None or not length_km:
        return None
    by_stakes = (Decimal(str(end_m - start_m)) / 1000).quantize(Decimal("0.001"))
    if abs(by_stakes - length_km) <= length_km * STAKE_LENGTH_TOLERANCE:
        return None
    return _(
        "The stakes give %(stakes)s km but the length is %(length)s km (more than 5 %% apart)."
    ) % {"stakes": by_stakes, "length": length_km}


def project_warnings(project: Any, stakes: tuple[float, float] | None = None) -> list[str]:
    """Every profile warning for a project: widths, pavement, thickness, passing bays and the
    stakes against the length. ``stakes`` are the parsed start and end in metres."""
    profile = group_road_profile()
    warnings = profile_warnings(project.pavement_type, project.pavement_width_m)
    subgrade = project.subgrade_width_m
    if subgrade is not None:
        if subgrade < project.pavement_width_m:
            warnings.append(
                _("The subgrade (%(subgrade)s m) is narrower than the pavement (%(width)s m).")
                % {"subgrade": subgrade, "width": project.pavement_width_m}
            )
        elif subgrade < profile["normal_subgrade_width_m"]:
            warnings.append(
                _("A subgrade of %(subgrade)s m is below the usual %(normal)s m.")
                % {"subgrade": subgrade, "normal": profile["normal_subgrade_width_m"]}
            )
    thickness = project.pavement_thickness_cm
    if (
        thickness is not None
        and project.pavement_type == "concrete"
        and thickness < profile["min_concrete_thickness_cm"]
    ):
        warnings.append(
            _("A concrete pavement of %(cm)s cm is thinner than the usual %(min)s cm.")
            % {"cm": thickness, "min": profile["min_concrete_thickness_cm"]}
        )
    bays, length = project.passing_bays, project.length_km
    if bays is not None and length:
        spacing = (Decimal(length) * 1000 / (bays + 1)).quantize(Decimal("1"))
        if spacing > profile["passing_bay_spacing_m"]:
            warnings.append(
                _(
                    "%(bays)s passing bays on %(km)s km leave %(spacing)s m between them on "
                    "average; the group-road profile expects one about every %(every)s m."
                )
                % {
                    "bays": bays,
                    "km": length,
                    "spacing": spacing,
                    "every": profile["passing_bay_spacing_m"],
                }
            )
    if stakes is not None:
        warning = stake_length_warning(stakes[0], stakes[1], length)
        if warning:
            warnings.append(warning)
    return warnings


def stored_project_warnings(project: Any) -> list[str]:
    """The profile warnings of a stored project (its page and the API), the stakes parsed
    from the project itself; never refusals."""
    try:
        stakes = (
            (rules.parse_stake(project.start_stake), rules.parse_stake(project.end_stake))
            if project.start_stake and project.end_stake
            else None
        )
    except rules.ConditionError:
        stakes = None
    return project_warnings(project, stakes)
