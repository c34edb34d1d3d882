"""Demo 组组通 program for Tongren, 2017-2019: totals reproduce the article — 12,103 km of
hardened group roads connecting all 5,982 village groups of 30 or more households. How they
split across the ten counties, the projects, the group names and the money (75 yuan per km ×
10,000, all under "other" sources: the article names none) are invented for the demo."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from branchwork.organizations.models import Organization
from branchwork.roads.models import Division, RoadProject, VillageGroup

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


def load_roads() -> int:
    highway = Organization.objects.get(code="tr-highway")
    if RoadProject.objects.filter(organization=highway).exists():
        return 0
    if not Division.objects.filter(level="county").exists():
        call_command("roads", "load-divisions", str(DIVISIONS), stdout=open("/dev/null", "w"))  # noqa: SIM115
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
    VillageGroup.objects.bulk_create(groups, batch_size=1000)
    by_county: dict[int, list[VillageGroup]] = {}
    for group in VillageGroup.objects.filter(organization=highway, households__gte=30).order_by(
        "pk"
    ):
        by_county.setdefault(group.county_id, []).append(group)

    projects, links = [], []
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
                completed_on=dt.date(year, 11, 30),
            )
            projects.append((project, chunk))
    RoadProject.objects.bulk_create([p for p, _ in projects], batch_size=1000)
    through = RoadProject.groups.through
    for project, chunk in projects:
        links.extend(through(roadproject_id=project.pk, villagegroup_id=g.pk) for g in chunk)
    through.objects.bulk_create(links, batch_size=2000)
    return len(projects)


def load_targets() -> int:
    """Yearly targets per county for 2017-2019 adding up to the article's totals (the split
    across years is invented: 30 %, 40 %, 30 %)."""
    from branchwork.roads.models import ProgramTarget

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
    ProgramTarget.objects.bulk_create(targets)
    return len(targets)
