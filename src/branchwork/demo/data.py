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

DEMO_PASSWORD = "branchwork-demo"
DEMO_NOTE = "Demo data: invented for illustration, not taken from the article."

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
        "The higher committee that accepted the highway branch's standardization in June 2017.",
    ),
    (
        "tr-highway",
        "中共铜仁市公路管理局支部委员会",
        "市公路局党支部",
        "branch",
        "tr-organs",
        "铜仁市公路管理局 (Municipal Highway Department)",
        dt.date(1985, 7, 1),
        dt.date(2017, 6, 30),
        "23 members, 1 probationary (article, 2019). Founding date is demo data.",
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
