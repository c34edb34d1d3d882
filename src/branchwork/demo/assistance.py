"""The article's assistance work (2016-2019) as ledger rows, with paired villages and
households visited up to the load date.

The article gives only each year's total and the counties helped: 0.5 M yuan of aid materials
and funds in 2016 for Songtao, Yinjiang and Jiangkou; "more than 9 M" of assistance projects and
funds in 2017; "more than 3 M" in 2018; "more than 1 M" of materials in 2019, which helped
Yinjiang pass the provincial third-party assessment. The rows below split each total over the
three counties and the types it names; the split is ours (every row is marked ``is_demo``),
and the "more than" totals are taken at their stated floor so each year adds up to the
article's figure exactly. Villages, households, targets and visits are demo content.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchwork.assistance import services
from branchwork.assistance.models import DesignatedCounty
from branchwork.demo.data import DEMO_ACTOR, DEMO_NOTE
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division, RoadProject

DONOR = "铜仁市公路管理局"
SONGTAO, YINJIANG, JIANGKOU = "520628", "520625", "520621"

# The article's yearly totals (yuan), the source of the checks in tests/demo.
ARTICLE_TOTALS = {
    2016: Decimal("500000"),
    2017: Decimal("9000000"),
    2018: Decimal("3000000"),
    2019: Decimal("1000000"),
}

# (year, month, day, county, type, source, amount, quantity, unit, purpose); the purposes follow
# the article's words for each year (designated villages, joint branch building, comprehensive
# governance, community building, comprehensive treatment).
ROWS: list[tuple[int, int, int, str, str, str, str, str | None, str, str]] = [
    (2016, 4, 12, SONGTAO, "funds", "direct", "100000", None, "", "定点帮扶村基础设施补助"),
    (2016, 6, 20, SONGTAO, "materials", "direct", "70000", "350", "袋", "帮扶物资：化肥"),
    (2016, 5, 9, YINJIANG, "funds", "direct", "100000", None, "", "定点帮扶村产业扶持资金"),
    (2016, 9, 1, YINJIANG, "materials", "direct", "60000", "120", "套", "帮扶物资：学生课桌椅"),
    (2016, 7, 15, JIANGKOU, "funds", "direct", "100000", None, "", "结对帮扶村公益设施补助"),
    (2016, 11, 3, JIANGKOU, "materials", "direct", "70000", "200", "件", "帮扶物资：冬衣棉被"),
    (2017, 3, 18, SONGTAO, "project", "brought_in", "3200000", "1", "项", "定点帮扶村通组道路项目"),
    (2017, 5, 22, SONGTAO, "funds", "direct", "300000", None, "", "支部联建：村级活动场所"),
    (2017, 4, 10, YINJIANG, "project", "brought_in", "2800000", "1", "项", "贫困村产业路项目"),
    (2017, 8, 8, YINJIANG, "funds", "direct", "400000", None, "", "综治帮扶：村级综治中心"),
    (2017, 6, 5, JIANGKOU, "project", "brought_in", "2000000", "1", "项", "定点帮扶村安全饮水项目"),
    (2017, 10, 16, JIANGKOU, "funds", "direct", "300000", None, "", "计生帮扶：困难家庭救助"),
    (
        2018,
        4,
        2,
        SONGTAO,
        "project",
        "brought_in",
        "1200000",
        "1",
        "项",
        "驻村帮扶：组组通硬化路配套",
    ),
    (2018, 7, 19, YINJIANG, "project", "brought_in", "900000", "1", "项", "综治帮扶：平安村寨监控"),
    (2018, 5, 28, YINJIANG, "funds", "direct", "300000", None, "", "支部联建：党员活动室"),
    (2018, 9, 14, JIANGKOU, "funds", "direct", "400000", None, "", "社区建设：便民服务点"),
    (2018, 11, 6, JIANGKOU, "consumer", "direct", "200000", "8000", "千克", "消费帮扶：采购茶叶"),
    (2019, 3, 11, YINJIANG, "materials", "direct", "450000", "15", "台", "脱贫攻坚：办公电脑"),
    (2019, 6, 3, YINJIANG, "materials", "direct", "250000", "600", "套", "综治帮扶：群防群治装备"),
    (2019, 8, 20, SONGTAO, "materials", "direct", "150000", "300", "袋", "帮扶物资：化肥种子"),
    (2019, 10, 9, JIANGKOU, "materials", "direct", "150000", "400", "件", "帮扶物资：冬衣棉被"),
]

# Households per county's paired village (demo names).
HOUSEHOLDS = {
    SONGTAO: [("龙德财", 5, True), ("吴秀英", 3, True)],
    YINJIANG: [("田茂林", 4, True), ("杨光明", 6, True)],
    JIANGKOU: [("张玉兰", 2, True), ("刘家富", 4, False)],
}
# The members paired with households, one each (the demo's "member" login is 周敏).
PAIRED_MEMBERS = ["周敏", "张伟", "李娜", "赵磊", "刘洋", "陈静"]

VISIT_TOPICS = [
    ("春耕备耕和化肥到位情况", "协调送去化肥两袋"),
    ("孩子上学和助学金申请", "帮助填写助学金申请表"),
    ("产业发展：养牛计划", "联系镇农业服务中心技术员"),
    ("住房安全和饮水情况", "反映给村委会列入整改"),
    ("就业务工意向", "推荐县城务工岗位信息"),
    ("医疗报销和慢病卡办理", "陪同到镇卫生院办理"),
]


def load_assistance(as_of: dt.date) -> int:
    """Load the assistance demo; idempotent (skipped when the branch already has designated
    counties). Returns how many ledger rows were created."""
    highway = Organization.objects.get(code="tr-highway")
    if DesignatedCounty.objects.filter(organization=highway).exists():
        return 0
    counties = {d.code: d for d in Division.objects.filter(code__in=[SONGTAO, YINJIANG, JIANGKOU])}
    if len(counties) < 3:
        return 0  # the divisions are loaded by the roads demo
    designations = {
        code: services.county_designate(
            actor=DEMO_ACTOR, organization=highway, county=county, since=2016, note=DEMO_NOTE
        )
        for code, county in counties.items()
    }
    villages = {}
    for code, designation in designations.items():
        village = Division.objects.filter(level="village", code__startswith=code).order_by("code")[
            0
        ]
        villages[code] = services.village_pair(
            actor=DEMO_ACTOR,
            designation=designation,
            village=village,
            unit=DONOR,
            started_on=dt.date(2016, 3, 1),
            note=DEMO_NOTE,
        )
    members = {m.name: m for m in Member.objects.in_subtree(highway)}
    pairings = []
    names = iter(PAIRED_MEMBERS)
    for code, rows in HOUSEHOLDS.items():
        for head, size, poor in rows:
            household = services.household_save(
                actor=DEMO_ACTOR,
                village=villages[code],
                data={"head_name": head, "size": size, "registered_poor": poor, "note": DEMO_NOTE},
            )
            member = members.get(next(names))
            if member is not None:
                pairings.append(
                    services.household_pair(
                        actor=DEMO_ACTOR,
                        household=household,
                        member=member,
                        started_on=dt.date(2017, 3, 1),
                    )
                )
    projects = {
        code: RoadProject.objects.filter(organization=highway, county__code=code)
        .order_by("id")
        .first()
        for code in counties
    }
    created = 0
    for year, month, day, code, kind, source, amount, quantity, unit, purpose in ROWS:
        entry = services.entry_record(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "date": dt.date(year, month, day),
                "donor": DONOR,
                "county": designations[code],
                "village": villages[code],
                "kind": kind,
                "quantity": Decimal(quantity) if quantity else None,
                "unit": unit,
                "amount": Decimal(amount),
                "source": source,
                "purpose": purpose,
                "road_project": projects[code] if "组组通" in purpose else None,
                "note": DEMO_NOTE,
                "is_demo": True,
            },
        )
        services.entry_verify(actor=DEMO_ACTOR, entry=entry)
        created += 1
    _targets(designations)
    _visits(pairings, as_of)
    return created


def _targets(designations: dict[str, DesignatedCounty]) -> None:
    for code, designation in designations.items():
        direct = sum(
            Decimal(r[6]) for r in ROWS if r[0] == 2019 and r[3] == code and r[5] == "direct"
        )
        services.target_set(
            actor=DEMO_ACTOR,
            county=designation,
            year=2019,
            indicator="direct_funds",
            target=Decimal("150000") if code != YINJIANG else Decimal("600000"),
            actual=direct,
            status="verified" if code == YINJIANG else "reported",
            note=DEMO_NOTE,
        )
        services.target_set(
            actor=DEMO_ACTOR,
            county=designation,
            year=2019,
            indicator="cadres_trained",
            target=Decimal("30"),
            note=DEMO_NOTE,
        )


def _visits(pairings: list, as_of: dt.date) -> None:
    """A visit to each household every quarter from its pairing until the month before the
    load date (so the visits continue to "now" whenever the demo is loaded)."""
    last = (as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for n, pairing in enumerate(pairings):
        day = pairing.started_on.replace(day=5 + n)
        i = 0
        while day <= last:
            discussed, help_given = VISIT_TOPICS[(i + n) % len(VISIT_TOPICS)]
            services.visit_record(
                actor=DEMO_ACTOR,
                pairing=pairing,
                date=day,
                discussed=discussed,
                help_given=help_given,
                is_demo=True,
            )
            month = day.month + 3
            day = day.replace(year=day.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
            i += 1
