"""The demo branch, from the article in shared/seed/ ("Branch construction enhances industry's
innovation vitality", Tongren City Government Website, 2019).

From the article: the party branch of the Municipal Highway Department has 23 members, one of
them probationary; in June 2017 it passed the municipal organs work committee's acceptance and
became one of the first 12 branch-standardization demonstration sites in the city.

Not in the article, and invented for the demo (marked as such in each record's notes): the
names of the other 11 demonstration branches, the party groups, the committee members and
their terms, and the founding dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchwork.core.audit import system_actor
from branchwork.core.dates import add_months

DEMO_PASSWORD = "branchwork-demo"
# The author of every change the demo loader makes, as the activity log shows it.
DEMO_ACTOR = system_actor("demo")
DEMO_NOTE = "演示数据：为演示而虚构，并非来自原文。"

# (code, name, short name, type, parent code, host unit, founded, demonstration since, notes)
ORGANIZATIONS = [
    (
        "tr-cpc",
        "中共铜仁市委员会",
        "铜仁市委",
        "committee",
        None,
        "中共铜仁市委员会",
        None,
        None,
        "",
    ),
    (
        "tr-organs",
        "中共铜仁市直属机关工作委员会",
        "市直机关工委",
        "committee",
        "tr-cpc",
        "铜仁市直属机关",
        None,
        None,
        "2017年6月验收市公路管理局党支部标准化建设的上级党组织。",
    ),
    (
        "tr-highway",
        "中共铜仁市公路管理局支部委员会",
        "市公路局党支部",
        "branch",
        "tr-organs",
        "铜仁市公路管理局",
        dt.date(1985, 7, 1),
        dt.date(2017, 6, 30),
        "现有党员23名，其中预备党员1名（据2019年报道）。成立日期为演示数据。",
    ),
]

# The other 11 of the first 12 demonstration sites: names invented for the demo.
OTHER_DEMONSTRATION_BRANCHES = [
    ("tr-transport", "中共铜仁市交通运输局机关支部委员会", "铜仁市交通运输局"),
    ("tr-finance", "中共铜仁市财政局机关支部委员会", "铜仁市财政局"),
    ("tr-education", "中共铜仁市教育局机关支部委员会", "铜仁市教育局"),
    ("tr-health", "中共铜仁市卫生健康局机关支部委员会", "铜仁市卫生健康局"),
    ("tr-resources", "中共铜仁市自然资源局机关支部委员会", "铜仁市自然资源局"),
    ("tr-housing", "中共铜仁市住房和城乡建设局机关支部委员会", "铜仁市住房和城乡建设局"),
    ("tr-agriculture", "中共铜仁市农业农村局机关支部委员会", "铜仁市农业农村局"),
    ("tr-water", "中共铜仁市水务局机关支部委员会", "铜仁市水务局"),
    ("tr-market", "中共铜仁市市场监督管理局机关支部委员会", "铜仁市市场监督管理局"),
    ("tr-statistics", "中共铜仁市统计局机关支部委员会", "铜仁市统计局"),
    ("tr-migration", "中共铜仁市生态移民局机关支部委员会", "铜仁市生态移民局"),
]

PARTY_GROUPS = [
    ("tr-highway-g1", "第一党小组（办公室、财务）", "第一党小组"),
    ("tr-highway-g2", "第二党小组（建设管理）", "第二党小组"),
    ("tr-highway-g3", "第三党小组（养护管理）", "第三党小组"),
]

# Highway branch committee terms (3 years each, 支部条例 Art. 21). Names are demo data.
COMMITTEE_TERMS = [
    (dt.date(2016, 4, 15), ["张伟", "李娜", "王芳", "刘洋", "陈静"]),
    (dt.date(2019, 4, 18), ["张伟", "李娜", "王芳", "刘洋", "陈静"]),
    (dt.date(2022, 4, 20), ["张伟", "李娜", "王芳", "刘洋", "陈静"]),
    (dt.date(2025, 4, 22), ["张伟", "李娜", "赵磊", "刘洋", "陈静"]),
]
COMMITTEE_POSTS = ["secretary", "deputy_secretary", "organization", "propaganda", "discipline"]

# (username, display name, role, organization code)
USERS = [
    ("admin", "系统管理员", "admin", "tr-cpc"),
    ("secretary", "张伟", "secretary", "tr-highway"),
    ("deputy", "李娜", "deputy_secretary", "tr-highway"),
    ("organizer", "赵磊", "organization", "tr-highway"),
    ("propaganda", "刘洋", "propaganda", "tr-highway"),
    ("discipline", "陈静", "discipline", "tr-highway"),
    ("member", "周敏", "member", "tr-highway"),
    ("inspector", "吴刚", "inspector", "tr-organs"),
    ("leader", "孙强", "leader", "tr-highway"),
    ("engineer", "杨帆", "engineer", "tr-highway"),
]
# Extra grants: the secretary also belongs to a party group (shows the organization switcher);
# another branch's secretary shows that branches cannot see each other.
EXTRA_GRANTS = [
    ("secretary", "member", "tr-highway-g1"),
    ("member", "member", "tr-highway-g2"),
]
OTHER_BRANCH_USER = ("transport-secretary", "黄勇", "secretary", "tr-transport")

# --- Members of the highway branch (demo data, names and numbers fictional) -----------------
# The article: 23 members, 1 probationary. ID numbers are built with valid check characters
# from Tongren county codes (GB/T 2260): 520602 碧江区, 520603 万山区, 520621 江口县,
# 520622 玉屏县, 520623 石阡县, 520624 思南县, 520625 印江县, 520626 德江县, 520627 沿河县,
# 520628 松桃县.
# (name, username or None, gender, ethnicity code, birth date, county, education, phone,
#  post, job title, party group code, party posts, admitted on, converted on)
MEMBERS = [
    (
        "张伟",
        "secretary",
        "male",
        "01",
        dt.date(1971, 3, 14),
        "520602",
        "bachelor",
        "13908560101",
        "副局长",
        "高级工程师",
        "tr-highway-g1",
        "支部书记",
        dt.date(1995, 6, 28),
        dt.date(1996, 6, 28),
    ),
    (
        "李娜",
        "deputy",
        "female",
        "01",
        dt.date(1976, 8, 2),
        "520603",
        "master",
        "13908560102",
        "办公室主任",
        "经济师",
        "tr-highway-g1",
        "支部副书记",
        dt.date(2000, 7, 1),
        dt.date(2001, 7, 1),
    ),
    (
        "赵磊",
        "organizer",
        "male",
        "01",
        dt.date(1983, 11, 20),
        "520621",
        "bachelor",
        "13908560103",
        "财务科科长",
        "会计师",
        "tr-highway-g1",
        "组织委员",
        dt.date(2006, 5, 18),
        dt.date(2007, 5, 18),
    ),
    (
        "刘洋",
        "propaganda",
        "male",
        "15",
        dt.date(1985, 1, 9),
        "520622",
        "bachelor",
        "13908560104",
        "办公室副主任",
        "",
        "tr-highway-g1",
        "宣传委员",
        dt.date(2008, 6, 20),
        dt.date(2009, 6, 20),
    ),
    (
        "陈静",
        "discipline",
        "female",
        "01",
        dt.date(1979, 4, 27),
        "520623",
        "bachelor",
        "13908560105",
        "人事科科长",
        "政工师",
        "tr-highway-g1",
        "纪检委员",
        dt.date(2003, 9, 12),
        dt.date(2004, 9, 12),
    ),
    (
        "周敏",
        "member",
        "female",
        "06",
        dt.date(1990, 10, 5),
        "520628",
        "bachelor",
        "13908560106",
        "养护管理科科员",
        "助理工程师",
        "tr-highway-g2",
        "",
        dt.date(2015, 6, 30),
        dt.date(2016, 6, 30),
    ),
    (
        "孙强",
        "leader",
        "male",
        "01",
        dt.date(1968, 7, 19),
        "520602",
        "master",
        "13908560107",
        "局长",
        "正高级工程师",
        "tr-highway-g1",
        "",
        dt.date(1992, 12, 8),
        dt.date(1993, 12, 8),
    ),
    (
        "杨帆",
        "engineer",
        "male",
        "12",
        dt.date(1987, 2, 23),
        "520624",
        "bachelor",
        "13908560108",
        "建设管理科副科长",
        "工程师",
        "tr-highway-g2",
        "",
        dt.date(2011, 5, 26),
        dt.date(2012, 5, 26),
    ),
    (
        "王芳",
        None,
        "female",
        "01",
        dt.date(1974, 12, 1),
        "520602",
        "college",
        "13908560109",
        "财务科会计",
        "会计师",
        "tr-highway-g1",
        "党小组组长",
        dt.date(1999, 3, 16),
        dt.date(2000, 3, 16),
    ),
    (
        "吴涛",
        None,
        "male",
        "12",
        dt.date(1981, 6, 11),
        "520626",
        "bachelor",
        "13908560110",
        "建设管理科科长",
        "高级工程师",
        "tr-highway-g2",
        "党小组组长",
        dt.date(2004, 6, 25),
        dt.date(2005, 6, 25),
    ),
    (
        "黄丽",
        None,
        "female",
        "01",
        dt.date(1986, 9, 30),
        "520625",
        "bachelor",
        "13908560111",
        "质量监督站副站长",
        "工程师",
        "tr-highway-g2",
        "",
        dt.date(2010, 11, 3),
        dt.date(2011, 11, 3),
    ),
    (
        "郑杰",
        None,
        "male",
        "01",
        dt.date(1978, 5, 8),
        "520627",
        "college",
        "13908560112",
        "路政管理员",
        "",
        "tr-highway-g3",
        "",
        dt.date(2002, 7, 1),
        dt.date(2003, 7, 1),
    ),
    (
        "冯雪",
        None,
        "female",
        "15",
        dt.date(1992, 3, 3),
        "520621",
        "master",
        "13908560113",
        "建设管理科科员",
        "工程师",
        "tr-highway-g2",
        "",
        dt.date(2017, 6, 16),
        dt.date(2018, 6, 16),
    ),
    (
        "田波",
        None,
        "male",
        "15",
        dt.date(1975, 10, 17),
        "520626",
        "college",
        "13908560114",
        "养护管理科科长",
        "高级工程师",
        "tr-highway-g3",
        "党小组组长",
        dt.date(1998, 6, 30),
        dt.date(1999, 6, 30),
    ),
    (
        "龙海燕",
        None,
        "female",
        "06",
        dt.date(1984, 8, 21),
        "520628",
        "bachelor",
        "13908560115",
        "养护管理科副科长",
        "工程师",
        "tr-highway-g3",
        "",
        dt.date(2009, 4, 22),
        dt.date(2010, 4, 22),
    ),
    (
        "石磊",
        None,
        "male",
        "06",
        dt.date(1980, 2, 12),
        "520628",
        "secondary_vocational",
        "13908560116",
        "养护站站长",
        "技师",
        "tr-highway-g3",
        "",
        dt.date(2005, 12, 6),
        dt.date(2006, 12, 6),
    ),
    (
        "谢军",
        None,
        "male",
        "01",
        dt.date(1966, 11, 28),
        "520624",
        "high_school",
        "13908560117",
        "养护站职工",
        "高级技师",
        "tr-highway-g3",
        "",
        dt.date(1990, 7, 1),
        dt.date(1991, 7, 1),
    ),
    (
        "罗琴",
        None,
        "female",
        "37",
        dt.date(1989, 1, 25),
        "520623",
        "bachelor",
        "13908560118",
        "办公室科员",
        "",
        "tr-highway-g1",
        "",
        dt.date(2013, 6, 28),
        dt.date(2014, 6, 28),
    ),
    (
        "何勇",
        None,
        "male",
        "01",
        dt.date(1972, 4, 4),
        "520622",
        "college",
        "13908560119",
        "机械设备管理员",
        "工程师",
        "tr-highway-g3",
        "",
        dt.date(1997, 10, 9),
        dt.date(1998, 10, 9),
    ),
    (
        "彭晓东",
        None,
        "male",
        "15",
        dt.date(1993, 12, 12),
        "520627",
        "bachelor",
        "13908560120",
        "养护管理科科员",
        "助理工程师",
        "tr-highway-g3",
        "",
        # Probation runs from the general meeting's resolution (党章 Art. 7; 细则 Art. 32): the
        # meeting of 2019-05-20 (demo/meetings.py, demo/development.py); converted a year later.
        dt.date(2019, 5, 20),
        dt.date(2020, 5, 20),
    ),
    (
        "吴秀英",
        None,
        "female",
        "12",
        dt.date(1969, 6, 6),
        "520603",
        "college",
        "13908560121",
        "工会专干",
        "",
        "tr-highway-g1",
        "",
        dt.date(1994, 6, 24),
        dt.date(1995, 6, 24),
    ),
    (
        "杨光明",
        None,
        "male",
        "12",
        dt.date(1982, 9, 9),
        "520602",
        "bachelor",
        "13908560122",
        "建设管理科工程师",
        "工程师",
        "tr-highway-g2",
        "",
        dt.date(2007, 7, 1),
        dt.date(2008, 7, 1),
    ),
    # The one probationary member: admitted about eleven months before the demo is loaded,
    # so the probation watch on the secretary's home page has something to show.
    (
        "胡小梅",
        None,
        "female",
        "01",
        dt.date(1997, 5, 18),
        "520602",
        "bachelor",
        "13908560123",
        "建设管理科科员",
        "助理工程师",
        "tr-highway-g2",
        "",
        None,
        None,
    ),
]
# The probation ends this many days after the demo's load date, so the probation watch on the
# secretary's home page shows the conversion due within the next weeks (党章 Art. 7: one year).
PROBATION_ENDS_IN_DAYS = 20


PROBATIONARY_NAME = "胡小梅"


def months_before(day: dt.date, as_of: dt.date) -> int:
    """Whole calendar months from ``day``'s month to ``as_of``'s month (0 in the same month):
    the demo's invented patterns after 2019 are keyed on it, so they move with ``as_of``."""
    return (as_of.year - day.year) * 12 + as_of.month - day.month


def probationary_admitted_on(as_of: dt.date) -> dt.date:
    """The admission date of the probationary member: one year before her probation ends,
    ``PROBATION_ENDS_IN_DAYS`` after ``as_of`` (the day the demo is loaded)."""
    return add_months(as_of + dt.timedelta(days=PROBATION_ENDS_IN_DAYS), -12)


# --- 2019 dues (demo data): after-tax regular monthly pay of municipal staff, in yuan --------
# One retiree (谢军, pension), two members prepaying half a year, one member two months behind.
DUES_YEAR = 2019
DUES_BASES = {
    "孙强": ("employed", "10420.00"),
    "张伟": ("employed", "8650.00"),
    "李娜": ("employed", "7380.00"),
    "吴涛": ("employed", "7120.00"),
    "田波": ("employed", "6980.00"),
    "陈静": ("employed", "6540.00"),
    "赵磊": ("employed", "6210.00"),
    "王芳": ("employed", "5860.00"),
    "何勇": ("employed", "5480.00"),
    "郑杰": ("employed", "5020.00"),
    "杨光明": ("employed", "5000.00"),
    "龙海燕": ("employed", "4960.00"),
    "石磊": ("employed", "4720.00"),
    "刘洋": ("employed", "4830.00"),
    "吴秀英": ("employed", "4650.00"),
    "杨帆": ("employed", "4580.00"),
    "黄丽": ("employed", "4420.00"),
    "罗琴": ("employed", "3860.00"),
    "周敏": ("employed", "3540.00"),
    "冯雪": ("employed", "3620.00"),
    "彭晓东": ("employed", "3000.00"),
    "谢军": ("retired", "5310.00"),
    "胡小梅": ("employed", "3150.00"),  # from the month of her admission (党费规定 Art. 8)
}
# A pay adjustment (demo): from this month, employed pay × 1.12, pensions × 1.05.
PAY_RISE = (dt.date(2023, 1, 1), Decimal("1.12"), Decimal("1.05"))
PAYSLIP_ITEMS = "职务（岗位）工资 + 级别（薪级）工资 + 津贴补贴 − 个人所得税"
RETIREE_ITEMS = "基本退休费 + 退休人员生活补贴"
PREPAYERS = ("孙强", "吴秀英")  # pay January-June and July-December in two payments
# November and December 2019 still unpaid: the article-era ledger's open debt, which the branch
# is still chasing (the home page's "two months behind"; tests pay and reverse these months).
IN_ARREARS_2019 = "郑杰"
# Arrears as of the load date: (member, months before the load date left unpaid): 彭晓东 has
# not paid last month yet.
ARREARS = [("彭晓东", 1)]
