"""The honors the article lists (shared/seed/, "Branch construction enhances industry's
innovation vitality", Tongren City Government Website, 2019), each with the year and the
awarding body the article gives, and one demo honor to a member.

The article is read in its English rendering; the Chinese titles are ours, rendered back from
it. Where the article gives no year (the national award and the Worker Pioneer title: "in
recent years") the year is left empty and the note says so; the "2008-2017, 10 consecutive
years" title is one honor per year; the 2015-2017 collective title records its period with
the period's last year. "Evaluated by Guizhou Provincial Department of Transportation" is read
as the awarding body of the three provincial transport titles that follow it, and the
"advanced grassroots party organization" of June 2019 as awarded by the Tongren Municipal
Party Committee named just before it; the notes say where the article is ambiguous.
"""

from __future__ import annotations

import datetime as dt

from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.honors import services
from branchwork.honors.models import Honor
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

SOURCE = "来源：原文（铜仁市人民政府网，2019年）。"
NO_YEAR = "原文只说“近年来”，未给出年份。"
MOT = "交通运输部"
GZ_TRANSPORT = "贵州省交通运输厅"

# (title, level, awarding body, recipient, year, awarded on, period, work recognised, note)
ARTICLE_HONORS = [
    (
        "全国农村公路养护管理先进集体",
        "national",
        MOT,
        "unit",
        None,
        None,
        "",
        "农村公路养护管理",
        NO_YEAR,
    ),
    (
        "工人先锋号",
        "provincial",
        "贵州省总工会",
        "unit",
        None,
        None,
        "",
        "",
        NO_YEAR,
    ),
    (
        "2015—2017年度全省交通运输行业先进集体",
        "provincial",
        GZ_TRANSPORT,
        "unit",
        2017,
        None,
        "2015—2017",
        "交通运输行业工作",
        "年份取所涵盖时期的最后一年；原文未给出授予日期。",
    ),
    *[
        (
            "全省农村公路养护管理工作第一名",
            "provincial",
            GZ_TRANSPORT,
            "unit",
            year,
            None,
            "",
            "农村公路养护管理",
            "原文：2008—2017年连续10年获得此荣誉。颁授机关按原文语序理解为省交通运输厅。",
        )
        for year in range(2008, 2018)
    ],
    (
        "全省农村公路建设先进集体",
        "provincial",
        GZ_TRANSPORT,
        "unit",
        2018,
        None,
        "",
        "农村公路建设",
        "",
    ),
    (
        "全市首批支部标准化建设示范点",
        "municipal",
        "中共铜仁市直属机关工作委员会",
        "organization",
        2017,
        dt.date(2017, 6, 30),
        "",
        "党支部标准化规范化建设，通过市直机关工委检查验收，为全市首批12个示范点之一",
        "原文：2017年6月。日期取当月最后一天。",
    ),
    (
        "全省脱贫攻坚先进党组织",
        "provincial",
        "中共贵州省委",
        "organization",
        2019,
        dt.date(2019, 6, 30),
        "",
        "脱贫攻坚：组组通硬化路建设与定点帮扶",
        "原文：2019年6月。日期取当月最后一天。",
    ),
    (
        "全市脱贫攻坚先进党组织",
        "municipal",
        "中共铜仁市委",
        "organization",
        2019,
        dt.date(2019, 6, 30),
        "",
        "脱贫攻坚",
        "原文：2019年6月。日期取当月最后一天。",
    ),
    (
        "先进基层党组织",
        "municipal",
        "中共铜仁市委",
        "organization",
        2019,
        dt.date(2019, 6, 30),
        "",
        "",
        "原文：2019年6月，与前一项并列；颁授机关按原文语序理解为铜仁市委。",
    ),
]


def load_honors(as_of: dt.date) -> int:
    """Load the article's honors of the highway branch and its department, and one demo
    honor to the member 周敏 (dated from ``as_of``). Idempotent: skipped when the branch has
    honors. Returns how many were created."""
    highway = Organization.objects.get(code="tr-highway")
    if Honor.objects.filter(organization=highway).exists():
        return 0
    created = 0
    for title, level, body, recipient, year, awarded_on, period, work, note in ARTICLE_HONORS:
        services.honor_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "title": title,
                "level": level,
                "awarding_body": body,
                "recipient": recipient,
                "year": year,
                "awarded_on": awarded_on,
                "period": period,
                "recognised_work": work,
                "notes": f"{SOURCE}{note}",
            },
        )
        created += 1
    member = Member.objects.filter(organization=highway, name="周敏").first()
    if member is not None:
        last_july = dt.date(as_of.year if as_of.month > 7 else as_of.year - 1, 7, 1)
        services.honor_save(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "title": "优秀共产党员",
                "level": "internal",
                "awarding_body": "中共铜仁市公路管理局支部委员会",
                "recipient": "member",
                "member": member,
                "awarded_on": last_july,
                "recognised_work": "养护管理工作中带头攻坚",
                "notes": data.DEMO_NOTE,
            },
        )
        created += 1
    return created
