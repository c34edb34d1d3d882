"""Demo 组组通 program for Tongren, 2017-2019: totals reproduce the article — 12,103 km of
hardened group roads connecting all 5,982 village groups of 30 or more households. How they
split across the ten counties, the projects, the group names and the money (75 yuan per km ×
10,000, all under "other" sources: the article names none) are invented for the demo."""

from __future__ import annotations

import csv
import datetime as dt
import zlib
from decimal import Decimal
from pathlib import Path

from branchwork.demo.data import DEMO_ACTOR
from branchwork.organizations.models import Organization
from branchwork.roads import services
from branchwork.roads.models import Division, ProgramTarget, RoadProject, VillageGroup

TOTAL_KM = Decimal("12103")
GROUPS_BY_COUNTY = {  # sums to 5,982
    "520602": 420,
    "520603": 350,
    "520621": 520,
    "520622": 300,
    "520623": 640,
    "520624": 820,
    "520625": 640,
    "520626": 720,
    "520627": 830,
    "520628": 742,
}
GROUPS_PER_PROJECT = 6
DIVISIONS = Path(__file__).resolve().parent.parent / "roads" / "data" / "tongren-divisions.csv"
# As reported in the article (shared/seed): Tongren ranked 3rd in Guizhou by construction scale
# and progress of the 组组通 program, with 12,103 km connecting 5,982 groups. Other
# prefectures' ranks are not in the source, so the ranking has this one entry.
PROVINCE_RANKING = [(3, "铜仁市", 12103, 5982)]
RANKING_SOURCE = (
    "the article on the highway branch (3rd in the province by construction scale and "
    "progress); other prefectures' ranks are not reported"
)


def km_by_county() -> dict[str, Decimal]:
    """The article's 12,103 km split across the counties in proportion to their groups; the
    last county takes the rounding remainder so the total is exact."""
    total_groups = sum(GROUPS_BY_COUNTY.values())
    codes = list(GROUPS_BY_COUNTY)
    result = {
        code: (TOTAL_KM * GROUPS_BY_COUNTY[code] / total_groups).quantize(Decimal("0.001"))
        for code in codes[:-1]
    }
    result[codes[-1]] = TOTAL_KM - sum(result.values())
    return result


def load_divisions() -> None:
    """The Tongren divisions shipped with the app, loaded as ``branchwork roads
    load-divisions`` does (one bulk line in the activity log, by the demo)."""
    with DIVISIONS.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    services.divisions_load(actor=DEMO_ACTOR, rows=rows)


# The construction season: projects are completed from March to November, fewer at its ends.
CONSTRUCTION_MONTHS = (3, 4, 5, 5, 6, 6, 7, 8, 9, 9, 10, 10, 11, 11)


def completion_date(county_code: str, n: int, year: int) -> dt.date:
    """The (invented) completion date of the ``n``th project of a county in ``year``: spread
    over the construction months, a deterministic day in the month."""
    h = zlib.crc32(f"{county_code}-{n}".encode())
    return dt.date(year, CONSTRUCTION_MONTHS[h % len(CONSTRUCTION_MONTHS)], 1 + (h >> 8) % 28)


def load_roads(as_of: dt.date | None = None) -> int:
    """The article's program (2017-2019). Its dates are the article's years, whatever
    ``as_of`` is (accepted for the loader's one signature)."""
    highway = Organization.objects.get(code="tr-highway")
    if RoadProject.objects.filter(organization=highway).exists():
        return 0
    if not Division.objects.filter(level="county").exists():
        load_divisions()
    counties = {d.code: d for d in Division.objects.filter(code__in=GROUPS_BY_COUNTY)}
    villages: dict[str, list[Division]] = {code: [] for code in GROUPS_BY_COUNTY}
    for village in Division.objects.filter(level="village"):
        county_code = village.code[:6]
        if county_code in villages:
            villages[county_code].append(village)

    groups: list[VillageGroup] = []
    for code, count in GROUPS_BY_COUNTY.items():
        pool = villages[code]
        for i in range(count):
            village = pool[i % len(pool)]
            h = zlib.crc32(f"{code}-{i}".encode())
            households = 30 + h % 51
            groups.append(
                VillageGroup(
                    organization=highway,
                    village=village,
                    county=counties[code],
                    name=f"第{i // len(pool) + 1}组",
                    households=households,
                    population=households * 4,
                    poor_households=h % 9,
                    poor_population=(h % 9) * 3,
                )
            )
        # A few small groups (below 30 households) that the program does not cover.
        for j in range(3):
            village = pool[j]
            groups.append(
                VillageGroup(
                    organization=highway,
                    village=village,
                    county=counties[code],
                    name=f"小组{j + 1}",
                    households=12 + j,
                    population=40,
                )
            )
    # The eligible groups of each county, as indexes into ``groups`` (in creation order).
    by_county: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        if group.households >= 30:
            by_county.setdefault(group.county_id, []).append(index)

    projects: list[tuple[RoadProject, list[int]]] = []
    for code, county_km in km_by_county().items():
        county = counties[code]
        county_groups = by_county[county.pk]
        chunks = [
            county_groups[i : i + GROUPS_PER_PROJECT]
            for i in range(0, len(county_groups), GROUPS_PER_PROJECT)
        ]
        per_project = (county_km / len(chunks)).quantize(Decimal("0.001"))
        for n, chunk in enumerate(chunks):
            length = (
                county_km - per_project * (len(chunks) - 1) if n == len(chunks) - 1 else per_project
            )
            year = 2017 + n % 3
            # The article gives no split of the money by source: all of it is "other".
            investment = (length * Decimal("75.0")).quantize(Decimal("0.01"))
            project = RoadProject(
                organization=highway,
                name=f"{county.name}组组通硬化路第{n + 1:03d}号",
                county=county,
                route_code=f"C{(n % 999) + 1:03d}{code}",
                year=year,
                length_km=length,
                pavement_type="concrete",
                pavement_width_m=Decimal("3.50"),
                investment=investment,
                investment_other=investment,
                status="accepted" if year < 2019 else "completed",
                started_on=completion_date(code, n, year) - dt.timedelta(days=60 + n % 45),
                completed_on=completion_date(code, n, year),
            )
            projects.append((project, chunk))
    services.program_load(
        actor=DEMO_ACTOR, organization=highway, groups=groups, projects=projects, targets=[]
    )
    for rank, prefecture, km, connected in PROVINCE_RANKING:
        services.province_rank_save(
            actor=DEMO_ACTOR,
            organization=highway,
            rank=rank,
            prefecture=prefecture,
            km=km,
            groups=connected,
            source=RANKING_SOURCE,
        )
    return len(projects)


def load_targets() -> int:
    """Yearly targets per county for 2017-2019 adding up to the article's totals (the split
    across years is invented: 30 %, 40 %, 30 %)."""
    highway = Organization.objects.get(code="tr-highway")
    if ProgramTarget.objects.filter(organization=highway).exists():
        return 0
    counties = {d.code: d for d in Division.objects.filter(code__in=GROUPS_BY_COUNTY)}
    shares = [(2017, Decimal("0.3")), (2018, Decimal("0.4")), (2019, Decimal("0.3"))]
    targets = []
    for code, county_km in km_by_county().items():
        groups_left, km_county_left = GROUPS_BY_COUNTY[code], county_km
        for n, (year, share) in enumerate(shares):
            last = n == len(shares) - 1
            groups = groups_left if last else int(GROUPS_BY_COUNTY[code] * share)
            km = km_county_left if last else (county_km * share).quantize(Decimal("0.001"))
            groups_left -= groups
            km_county_left -= km
            targets.append(
                ProgramTarget(
                    organization=highway,
                    county=counties[code],
                    year=year,
                    groups=groups,
                    km=km,
                    investment=(km * Decimal("75")).quantize(Decimal("0.01")),
                )
            )
    services.program_load(
        actor=DEMO_ACTOR, organization=highway, groups=[], projects=[], targets=targets
    )
    return len(targets)
