"""Honor levels as data: who awards at each level, in the order pages list them.

Source: the article (shared/seed/, Tongren City Government Website, 2019) lists honors from the
Ministry of Transport (national), the Guizhou Federation of Trade Unions, the Guizhou
Provincial Department of Transportation and the Guizhou Provincial Party Committee
(provincial), the municipal organs work committee and the Tongren Municipal Party Committee
(municipal). County and internal (the unit's or the branch's own) levels complete the usual
ladder of commendations (表彰) in China's five administrative tiers used by this project.
No database access here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County")
    INTERNAL = "internal", _("Internal")


# Highest first: timelines and counts list levels in this order.
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(Level.values)}

# How each level shows as a badge.
LEVEL_BADGE: dict[str, str] = {
    Level.NATIONAL: "text-bg-danger",
    Level.PROVINCIAL: "text-bg-warning",
    Level.MUNICIPAL: "text-bg-primary",
    Level.COUNTY: "text-bg-info",
    Level.INTERNAL: "text-bg-secondary",
}


class Recipient(models.TextChoices):
    ORGANIZATION = "organization", _("The party organization")
    UNIT = "unit", _("The organization's unit")
    MEMBER = "member", _("A party member")
    PERSON = "person", _("A named staff member")


def counts_by_level_and_year(
    rows: Iterable[tuple[str, int | None]],
) -> tuple[list[int | None], list[tuple[str, list[int], int]]]:
    """A table of honor counts from (level, year) pairs.

    Returns (years, rows): the years present, newest first, with None (year not known) last;
    one row per level that has an honor, highest level first, as (level, count per year,
    total).
    """
    counts: dict[tuple[str, int | None], int] = {}
    for level, year in rows:
        counts[(level, year)] = counts.get((level, year), 0) + 1
    known = sorted({y for _l, y in counts if y is not None}, reverse=True)
    years: list[int | None] = [*known, *([None] if any(y is None for _l, y in counts) else [])]
    levels = sorted({level for level, _y in counts}, key=lambda v: LEVEL_RANK.get(v, 99))
    table = []
    for level in levels:
        per_year = [counts.get((level, year), 0) for year in years]
        table.append((level, per_year, sum(per_year)))
    return years, table
