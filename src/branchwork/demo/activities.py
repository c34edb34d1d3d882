"""Demo activities, the trade union, staff, caring visits and the caring fund of the highway
branch.

From the article (shared/seed/): the branch carries out the series "five-city joint creation",
"colourful Guizhou, Taoyuan Tongren", "peaceful highway" and "I am a party member, I go ahead",
makes use of the ethics lecture hall and the staff book house, leads the trade union in staff
sports, outdoor development, classics reading and caring visits to retired, sick and inpatient
cadres. The article gives no dates, places, people or amounts: every date here is computed
from ``as_of`` and every record is marked as demo data (``data.DEMO_NOTE``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchwork.activities import services
from branchwork.activities.models import Activity, CaringVisit, FundEntry, MassOrganization
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

ARTICLE = "系列活动名称来自原文（铜仁市人民政府网，2019年）；日期、地点、参与人为演示数据。"
NOTE = f"{data.DEMO_NOTE}{ARTICLE}"

# Staff of the department who are not party members (names invented).
STAFF = [
    ("蒲建华", "养护站", "养护工", False),
    ("田晓燕", "办公室", "文员", False),
    ("杨再兴", "路政大队", "路政员", False),
    ("龙秀珍", "财务科", "出纳", False),
    ("吴志高", "养护管理科", "退休职工", True),
]
UNION_MEMBERS = ["吴秀英", "周敏", "罗琴", "谢军"]  # party members in the trade union

# (name, kind, series, days from as_of, start, hours, counts as study, place, union, outcome)
ACTIVITIES = [
    (
        "“五城同创”街道清洁志愿服务",
        "volunteer",
        "five_city",
        -150,
        dt.time(8, 30),
        "3",
        False,
        "锦江大道沿线",
        False,
        "清理路段垃圾、劝导文明出行。",
    ),
    (
        "“平安公路”国省干线安全隐患排查",
        "volunteer",
        "peaceful_highway",
        -120,
        dt.time(9, 0),
        "4",
        False,
        "G326 线碧江段",
        False,
        "排查隐患点位并登记整改。",
    ),
    (
        "“我是党员我先行”农村公路养护突击",
        "themed",
        "member_ahead",
        -90,
        dt.time(8, 0),
        "4",
        False,
        "印江县组组通公路",
        False,
        "党员带头清理边沟、修补坑槽。",
    ),
    (
        "道德讲堂：身边好人讲述",
        "study",
        "ethics_hall",
        -60,
        dt.time(15, 0),
        "2",
        True,
        "局道德讲堂",
        False,
        "学习身边好人事迹并交流体会。",
    ),
    (
        "“多彩贵州·桃源铜仁”文明交通宣传",
        "themed",
        "taoyuan",
        -45,
        dt.time(9, 30),
        "2",
        False,
        "铜仁火车站广场",
        False,
        "",
    ),
    (
        "职工书屋经典诵读会",
        "culture",
        "book_house",
        -30,
        dt.time(16, 0),
        "2",
        True,
        "职工书屋",
        True,
        "诵读经典篇目，交流读书心得。",
    ),
    (
        "工会职工户外拓展",
        "culture",
        "",
        -20,
        dt.time(9, 0),
        "6",
        False,
        "梵净山脚下拓展基地",
        True,
        "",
    ),
    (
        "道德讲堂：廉洁文化专题",
        "study",
        "ethics_hall",
        10,
        dt.time(15, 0),
        "2",
        True,
        "局道德讲堂",
        False,
        "",
    ),
    (
        "“平安公路”冬季道路保畅志愿服务",
        "volunteer",
        "peaceful_highway",
        14,
        dt.time(8, 30),
        "4",
        False,
        "G326 线碧江段",
        False,
        "",
    ),
]

# (visited name, category, days from as_of, visited by, money, goods, circumstances, follow-up,
#  done)
VISITS = [
    (
        "吴志高",
        "retired",
        -80,
        "张伟、吴秀英",
        "500.00",
        "米、油",
        "退休多年，独居。",
        "",
        True,
    ),
    (
        "蒲建华",
        "hospitalized",
        -40,
        "李娜、吴秀英",
        "800.00",
        "水果",
        "因病住院治疗。",
        "出院后再次走访，了解康复情况。",
        False,
    ),
    (
        "杨家困难家庭",
        "hardship",
        -15,
        "孙强、张伟",
        "1000.00",
        "棉被两床",
        "家庭成员患病，生活困难。",
        "协调申请临时救助。",
        False,
    ),
]
FUND_INCOME = [(-200, "3000.00", "工会划拨慰问金"), (-100, "2000.00", "局行政拨付关爱基金")]


def load_activities(as_of: dt.date) -> int:
    """Load the demo's staff, trade union, activities (with sign-ups and check-ins), caring
    visits and fund rows. Idempotent: skipped when the trade union exists. Returns how many
    activities were created."""
    highway = Organization.objects.get(code="tr-highway")
    if MassOrganization.objects.filter(organization=highway).exists():
        return 0
    staff = {}
    for name, department, post, retired in STAFF:
        staff[name] = services.staff_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "name": name,
                "department": department,
                "post": post,
                "retired": retired,
                "notes": data.DEMO_NOTE,
            },
        )
    union = services.mass_org_save(
        actor=DEMO_ACTOR,
        organization=highway,
        data={
            "kind": "trade_union",
            "name": "铜仁市公路管理局工会委员会",
            "chair": "吴秀英",
            "notes": f"{data.DEMO_NOTE}原文：党支部带领工会等群团组织开展职工文体、关爱等活动。",
        },
    )
    members = {m.name: m for m in Member.objects.filter(organization=highway)}
    for name in UNION_MEMBERS:
        role = "工会主席" if name == "吴秀英" else ""
        services.mass_org_member_add(
            actor=DEMO_ACTOR, mass_org=union, member=members[name], role=role
        )
    for name in STAFF[:4]:
        services.mass_org_member_add(actor=DEMO_ACTOR, mass_org=union, staff=staff[name[0]])

    roster = sorted(members.values(), key=lambda m: m.pk)
    created = 0
    for index, row in enumerate(ACTIVITIES):
        name, kind, series, days, start, hours, study, place, by_union, outcome = row
        date = as_of + dt.timedelta(days=days)
        held = date < as_of
        activity = services.activity_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "mass_org": union if by_union else None,
                "name": name,
                "kind": kind,
                "series": series,
                "state": Activity.State.HELD if held else Activity.State.PLANNED,
                "date": date,
                "start_time": start,
                "place": place,
                "hours": Decimal(hours),
                "counts_as_study": study,
                "signup_open": not held,
                "capacity": 30 if not held else None,
                "description": name,
                "outcome": outcome,
                "notes": NOTE,
            },
        )
        created += 1
        # A different dozen of the roll for each activity, all checked in once held.
        people = [roster[(index * 5 + k) % len(roster)] for k in range(12)]
        if not held:
            people = people[:4]
        for member in people:
            services.participant_add(
                actor=DEMO_ACTOR, activity=activity, member=member, checked_in=held
            )
        if by_union or kind == "volunteer":
            for person in list(staff.values())[:3]:
                services.participant_add(
                    actor=DEMO_ACTOR, activity=activity, staff=person, checked_in=held
                )

    for days, amount, description in FUND_INCOME:
        services.fund_entry_add(
            actor=DEMO_ACTOR,
            organization=highway,
            kind=FundEntry.Kind.INCOME,
            date=as_of + dt.timedelta(days=days),
            amount=Decimal(amount),
            description=f"{description}（演示数据）",
        )
    for name, category, days, visitors, money, goods, circumstances, follow_up, done in VISITS:
        if CaringVisit.objects.filter(organization=highway, visited_name=name).exists():
            continue
        services.caring_visit_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "category": category,
                "visited_name": name,
                "visited_staff": staff.get(name),
                "date": as_of + dt.timedelta(days=days),
                "visitors": visitors,
                "money": Decimal(money),
                "goods": goods,
                "circumstances": circumstances,
                "follow_up": follow_up,
                "follow_up_done": done,
                "notes": f"{data.DEMO_NOTE}原文：对退休、生病、住院干部职工开展关爱慰问。",
            },
        )
    return created
