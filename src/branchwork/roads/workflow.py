"""The project workflow and the technical profile of a group road, as data.

Status order (issue 6): planned → approved → under construction → completed → accepted.
Technical profile for 通组公路 (roads.md §2.4, all UNVERIFIED: typical values pending the
Guizhou 组组通 technical guide): single lane, pavement 3.5 m (3.0 m where constrained), cement
concrete. Checked with warnings, never refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

ORDER = ["planned", "approved", "under_construction", "completed", "accepted"]
PROFILE = {
    "min_pavement_width_m": Decimal("3.0"),
    "normal_pavement_width_m": Decimal("3.5"),
    "pavements": ("concrete", "asphalt"),
}


def next_status(status: str) -> str | None:
    index = ORDER.index(status)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def profile_warnings(pavement_type: str, pavement_width_m: Decimal) -> list[str]:
    warnings = []
    if pavement_width_m < PROFILE["min_pavement_width_m"]:
        warnings.append(
            _(
                "A pavement of %(width)s m is narrower than the %(min)s m the group-road "
                "profile allows."
            )
            % {"width": pavement_width_m, "min": PROFILE["min_pavement_width_m"]}
        )
    elif pavement_width_m < PROFILE["normal_pavement_width_m"]:
        warnings.append(
            _(
                "A pavement of %(width)s m is below the usual %(normal)s m; allowed where "
                "constrained."
            )
            % {"width": pavement_width_m, "normal": PROFILE["normal_pavement_width_m"]}
        )
    if pavement_type not in PROFILE["pavements"]:
        warnings.append(_("This pavement does not count as hardened under the default settings."))
    return warnings
