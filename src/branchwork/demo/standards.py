"""Demo standardization of the highway branch and the other demonstration branches.

From the article: in June 2017 the branch passed the municipal organs work committee's
inspection and acceptance and became one of the city's first 12 standardization demonstration
sites; in 2019 it ran an upgrade project ("eight on the wall", the party members' activity
room, the three meetings and one lesson and party days improved).

Invented for the demo (marked with ``data.DEMO_NOTE``): the points of every item, the
comments, the other branches' scores, the 2019 project's tasks, owners, dates and photos (drawn
placeholders), and the current year's round: opened a month before ``as_of``, the highway
branch has assessed itself and the inspector has scored all but two items (the meetings and
the dues, which the system evidences), for the browser test and the walkthrough to finish.
The checklist is the default one built from the spec (party-rules.md §6.2), marked unverified.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.organizations.models import Organization
from branchwork.standards import services
from branchwork.standards.models import (
    BranchInspection,
    ChecklistItem,
    ChecklistTemplate,
    InspectionRound,
    UpgradeProject,
)
from branchwork.standards.rules import DEFAULT_NAME, Result, Side

ACCEPTED_ON = dt.date(2017, 6, 30)
# Items the inspector leaves for the browser test in the current round.
LEFT_OPEN = ("life.meetings", "members.dues")
PROJECT_TITLE = "支部标准化升级工程"
PROJECT_TASKS = [
    ("按“八上墙”标准重新制作上墙内容", "刘洋", dt.date(2019, 5, 31), dt.date(2019, 5, 28)),
    ("党员活动室重新布局、更新设施", "王芳", dt.date(2019, 6, 30), dt.date(2019, 6, 26)),
    ("修订“三会一课”和主题党日工作规范", "李娜", dt.date(2019, 4, 30), dt.date(2019, 4, 25)),
    ("整理规范支部工作台账", "赵磊", dt.date(2019, 7, 31), dt.date(2019, 7, 30)),
]


def _template(organs: Organization) -> ChecklistTemplate:
    existing = ChecklistTemplate.objects.filter(organization=organs, name=DEFAULT_NAME).first()
    return existing or services.template_install_default(actor=DEMO_ACTOR, organization=organs)


def _points(item: ChecklistItem, seed: int) -> Decimal:
    """Demo points: full marks, less half a point on some items (by a seed): at most 8
    points off 100, so every demonstration site keeps its 90 points."""
    cut = Decimal("0.5") if (seed + item.order + len(item.key)) % 3 == 0 else Decimal("0")
    return max(Decimal("0"), item.points - cut)


def _score(inspection: BranchInspection, items: list[ChecklistItem], side: str, seed: int) -> None:
    for item in items:
        services.score_record(
            actor=DEMO_ACTOR,
            inspection=inspection,
            item_id=item.pk,
            side=side,
            points=_points(item, seed),
            comment="演示数据" if side == Side.SELF else "",
        )


def _round(
    organs: Organization,
    year: int,
    template: ChecklistTemplate,
    opened: dt.date,
    branches: list[Organization],
) -> InspectionRound:
    existing = InspectionRound.objects.filter(organization=organs, year=year).first()
    if existing:
        return existing
    return services.round_open(
        actor=DEMO_ACTOR,
        organization=organs,
        year=year,
        template=template,
        branches=branches,
        opened_on=opened,
        notes=data.DEMO_NOTE,
    )


def _photo(color: tuple[int, int, int], name: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), color)
    draw = ImageDraw.Draw(image)
    for x in range(40, 600, 70):
        draw.rectangle((x, 60, x + 50, 200), outline=(255, 255, 255), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _project(highway: Organization) -> int:
    if UpgradeProject.objects.filter(organization=highway, year=2019, title=PROJECT_TITLE).exists():
        return 0
    project = services.project_save(
        actor=DEMO_ACTOR,
        organization=highway,
        data={
            "title": PROJECT_TITLE,
            "year": 2019,
            "status": UpgradeProject.Status.DONE,
            "description": "严格落实“八上墙”标准，党员活动室布局和上墙内容全面重新整理更新；"
            "“三会一课”和主题党日活动标准再提升。（据2019年报道）",
            "notes": data.DEMO_NOTE + "任务、负责人、日期和照片为演示数据。",
        },
    )
    for title, owner, deadline, done in PROJECT_TASKS:
        services.task_save(
            actor=DEMO_ACTOR,
            project=project,
            data={"title": title, "owner": owner, "deadline": deadline, "done_on": done},
        )
    services.photo_add(
        actor=DEMO_ACTOR,
        project=project,
        phase="before",
        caption="改造前的活动室（示意图）",
        upload=_photo((120, 120, 120), "room-before.png"),
    )
    services.photo_add(
        actor=DEMO_ACTOR,
        project=project,
        phase="after",
        caption="“八上墙”后的活动室（示意图）",
        upload=_photo((178, 34, 34), "room-after.png"),
    )
    return 1


def load_standards(as_of: dt.date) -> int:
    """The 2017 acceptance of the 12 demonstration branches, the 2019 upgrade project and the
    current year's round in progress (opened 30 days before ``as_of``). Idempotent. Returns
    how many branch inspections were created."""
    organs = Organization.objects.get(code="tr-organs")
    highway = Organization.objects.get(code="tr-highway")
    sites = list(
        Organization.objects.filter(
            parent=organs, org_type="branch", demonstration_since__isnull=False
        ).order_by("path")
    )
    template = _template(organs)
    items = list(
        ChecklistItem.objects.filter(category__template=template).order_by(
            "category__order", "order"
        )
    )
    before = BranchInspection.objects.filter(round__organization=organs).count()

    accepted = _round(organs, 2017, template, dt.date(2017, 5, 8), sites)
    for seed, inspection in enumerate(
        accepted.branches.select_related("branch", "round__template").order_by("branch__path")
    ):
        if inspection.signed_off:
            continue
        if inspection.branch_id == highway.pk:
            _score(inspection, items, Side.SELF, seed + 1)
        _score(inspection, items, Side.INSPECTOR, seed)
        services.inspection_sign_off(
            actor=DEMO_ACTOR,
            inspection=inspection,
            result=Result.DEMONSTRATION,
            result_on=ACCEPTED_ON,
            comment="验收合格，确定为全市首批支部标准化建设示范点。" + data.DEMO_NOTE,
        )

    _project(highway)

    if as_of.year > 2017:
        opened = as_of - dt.timedelta(days=30)
        current = _round(organs, as_of.year, template, opened, sites)
        inspection = current.branches.select_related("branch", "round__template").get(
            branch=highway
        )
        if not inspection.scores.exists():
            _score(inspection, items, Side.SELF, 2)
            wall = next(i for i in items if i.key == "venue.wall")
            services.evidence_add(
                actor=DEMO_ACTOR,
                inspection=inspection,
                item_id=wall.pk,
                upload=_photo((178, 34, 34), "wall.png"),
            )
            _score(inspection, [i for i in items if i.key not in LEFT_OPEN], Side.INSPECTOR, 0)
    return BranchInspection.objects.filter(round__organization=organs).count() - before
