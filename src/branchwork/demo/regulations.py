"""Demo rules library of the highway branch: the article's "25 party building and unit
management systems" (25项党建和单位管理制度), by plausible titles with short texts.

The article gives only their number. The titles follow the typical branch rules of local
compilations (spec party-rules.md §6.3) and the unit's own management; every text is invented
for the demo and marked with ``data.DEMO_NOTE``. The story, with every recent date computed
from ``as_of``:

- the party-building rules were adopted by the branch general meeting of February 2017 and the
  unit-management rules by the branch committee meeting of March 2017, before the June 2017
  acceptance as a demonstration site;
- the 2019 upgrade revised the themed party day and the points rules (version 2, adopted by
  the general meeting of May 2019), superseding version 1;
- last month's committee meeting adopted a revised dues rule (version 2): most members have
  confirmed reading it, a few (the member persona 周敏 among them) have not;
- a revision of the heart-to-heart talks rule is in draft.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from branchwork.core.dates import add_months, month_start
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.meetings.models import Meeting
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization
from branchwork.regulations import services
from branchwork.regulations.models import Regulation

PARTY = "party_building"
UNIT = "unit_management"
CHARTER = "《中国共产党章程》"
BRANCH_RULES = "《中国共产党支部工作条例（试行）》"

# (title, category, based on, paragraphs)
RULES: list[tuple[str, str, str, list[str]]] = [
    (
        "党支部换届选举制度",
        PARTY,
        "《中国共产党基层组织选举工作条例》",
        [
            "第一条 党支部委员会每届任期三年，任期届满按期进行换届选举。",
            "第二条 换届选举前向上级党组织请示，经批复后召开党员大会，差额选举产生支部委员会。",
            "第三条 选举结果报上级党组织审批，并在党支部内公布。",
        ],
    ),
    (
        "请示报告制度",
        PARTY,
        "《中国共产党重大事项请示报告条例》",
        [
            "第一条 党支部重大事项、重要情况及时向机关工委请示报告。",
            "第二条 请示一事一报，报告如实全面，不得越级请示。",
        ],
    ),
    (
        "党籍管理制度",
        PARTY,
        CHARTER,
        [
            "第一条 党支部建立党员名册，及时记录党员基本信息和党籍变化情况。",
            "第二条 预备党员转正、党员出党等党籍变化须经党员大会讨论并报上级党组织审批。",
        ],
    ),
    (
        "党员组织关系转接制度",
        PARTY,
        "《中国共产党党员组织关系转接工作规定》",
        [
            "第一条 党员工作调动、外出流动，应在规定时间内转接组织关系。",
            "第二条 组织委员负责办理转接手续，建立转接台账，做到转出有记录、转入有接收。",
        ],
    ),
    (
        "发展党员工作制度",
        PARTY,
        "《中国共产党发展党员工作细则》",
        [
            "第一条 坚持标准、保证质量、改善结构、慎重发展的方针。",
            "第二条 严格落实入党申请、积极分子培养、发展对象考察、预备党员接收和转正等程序。",
            "第三条 发展党员实行公示制，公示期不少于五个工作日。",
        ],
    ),
    (
        "党费收缴使用管理制度",
        PARTY,
        "《关于中国共产党党费收缴、使用和管理的规定》",
        [
            "第一条 党员应按月交纳党费，党支部按规定的基数和比例核定每名党员应交党费额。",
            "第二条 党费由组织委员负责收缴，当月收缴，及时上交，建立收缴台账。",
            "第三条 每年向党员公布一次党费收缴情况。",
        ],
    ),
    (
        "党员大会制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 党员大会一般每季度召开一次，由支部委员会召集。",
            "第二条 讨论决定支部重要事项，须有应到会党员半数以上到会。",
        ],
    ),
    (
        "支部委员会会议制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 支部委员会会议一般每月召开一次，由书记召集并主持。",
            "第二条 研究落实党员大会决议，讨论支部日常工作，实行集体领导和个人分工负责。",
        ],
    ),
    (
        "党小组会制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 党小组会一般每月召开一次，由党小组组长召集。",
            "第二条 组织党员学习，交流思想，开展批评和自我批评。",
        ],
    ),
    (
        "党课制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 党课一般每季度一次，支部书记每年至少讲一次党课。",
            "第二条 党课内容结合中心工作，做到有计划、有教案、有记录。",
        ],
    ),
    (
        "主题党日制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 每月固定一天开展主题党日活动。",
            "第二条 主题党日包括集中学习、交纳党费、志愿服务等内容。",
        ],
    ),
    (
        "谈心谈话制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 支部委员之间、支部委员和党员之间、党员和党员之间每年谈心谈话不少于一次。",
            "第二条 党员出现思想波动、家庭困难等情况时及时谈心谈话。",
        ],
    ),
    (
        "党员公开承诺制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 每年年初党员结合岗位职责作出公开承诺，在党员活动室公示。",
            "第二条 年底对照承诺进行述诺评诺，结果作为民主评议党员的参考。",
        ],
    ),
    (
        "集中学习制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 党支部每月组织一次集中学习，每名党员每年参加集中学习不少于规定学时。",
            "第二条 学习做到有计划、有考勤、有记录、有心得。",
        ],
    ),
    (
        "党员积分管理制度",
        PARTY,
        "铜仁市直机关工委党员积分管理办法",
        [
            "第一条 对党员参加组织生活、学习教育、志愿服务等情况实行积分管理。",
            "第二条 积分每季度公示一次，年终作为评先评优的依据。",
        ],
    ),
    (
        "组织生活会制度",
        PARTY,
        BRANCH_RULES,
        [
            "第一条 党支部每年至少召开一次组织生活会，一般安排在第四季度。",
            "第二条 会前广泛征求意见、开展谈心谈话，会上开展批评和自我批评。",
        ],
    ),
    (
        "民主评议党员制度",
        PARTY,
        "《关于民主评议党员的意见》",
        [
            "第一条 民主评议党员一般每年开展一次，与组织生活会结合进行。",
            "第二条 评议等次分为优秀、合格、基本合格、不合格。",
        ],
    ),
    (
        "党务公开制度",
        PARTY,
        "《中国共产党党务公开条例（试行）》",
        [
            "第一条 党支部按照提出、审核、审批、实施的程序公开党务。",
            "第二条 党费收缴、发展党员、评议结果等事项按规定在党内公开。",
        ],
    ),
    (
        "局务会议议事规则",
        UNIT,
        "",
        [
            "第一条 局务会议研究决定全局重要工作，一般每月召开一次。",
            "第二条 重大事项实行集体研究决定，会议形成纪要并督办落实。",
        ],
    ),
    (
        "财务管理制度",
        UNIT,
        "",
        [
            "第一条 严格执行预算管理，各项支出按规定程序审批。",
            "第二条 大额资金使用须经局务会议集体研究决定。",
        ],
    ),
    (
        "公务接待管理制度",
        UNIT,
        "",
        [
            "第一条 公务接待坚持有利公务、务实节俭、尊重习俗、规范透明的原则。",
            "第二条 接待实行审批制度，凭公函接待，如实填写接待清单。",
        ],
    ),
    (
        "公务用车管理制度",
        UNIT,
        "",
        [
            "第一条 公务用车实行统一管理、统一调度。",
            "第二条 用车须填写派车单，严禁公车私用。",
        ],
    ),
    (
        "考勤和请休假制度",
        UNIT,
        "",
        [
            "第一条 干部职工按时上下班，严格执行请销假手续。",
            "第二条 考勤情况每月公布，作为年度考核的依据之一。",
        ],
    ),
    (
        "安全生产责任制度",
        UNIT,
        "",
        [
            "第一条 坚持管行业必须管安全、管业务必须管安全。",
            "第二条 公路养护作业现场严格设置安全警示标志，落实安全员现场监管。",
        ],
    ),
    (
        "档案管理制度",
        UNIT,
        "",
        [
            "第一条 文书、工程、党建档案由专人管理，按年度立卷归档。",
            "第二条 档案借阅须登记，涉密档案按保密规定管理。",
        ],
    ),
]

# 2019 upgrade (version 2 by the general meeting of May 2019), one extra paragraph each.
UPGRADE_2019 = {
    "主题党日制度": "第三条 主题党日活动在党员活动室开展，落实“八上墙”标准，活动情况及时记录存档。",
    "党员积分管理制度": "第三条 积分情况录入党员档案，每年年底向全体党员公开。",
}
# Adopted by last month's committee meeting (version 2).
RECENT = (
    "党费收缴使用管理制度",
    "第四条 党员可通过现金或转账方式交纳党费，组织委员当场出具收据，每笔收缴录入台账。",
)
# Members who have not confirmed reading the recent version (the member persona among them).
NOT_YET_READ = ("周敏", "石磊", "彭晓东")
DRAFT = (
    "谈心谈话制度",
    "第三条 对受到处分、受到批评或存在困难的党员，支部书记应在一个月内谈心谈话。",
)


def _meeting(highway: Organization, kind: str, on_or_after: dt.date) -> Meeting:
    meeting = (
        Meeting.objects.filter(
            organization=highway, kind=kind, state=Meeting.State.HELD, date__gte=on_or_after
        )
        .order_by("date")
        .first()
    )
    if meeting is None:
        raise RuntimeError(f"the demo has no held {kind} on or after {on_or_after}")
    return meeting


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(20, 0), tzinfo=timezone.get_current_timezone())


def _read(version, members: list[Member], day: dt.date) -> None:  # type: ignore[no-untyped-def]
    services.acknowledgments_record_bulk(
        actor=DEMO_ACTOR, version=version, members=members, at=_at(day)
    )


def load_regulations(as_of: dt.date) -> int:
    """Load the 25 rules (idempotent: skipped when the branch already has them). Returns how
    many rules were created."""
    highway = Organization.objects.get(code="tr-highway")
    if Regulation.objects.filter(organization=highway).exists():
        return 0
    members = list(
        Member.objects.filter(organization=highway, status__in=ON_ROLL_STATUSES).select_related(
            "organization"
        )
    )
    general_2017 = _meeting(highway, "general_meeting", dt.date(2017, 2, 1))
    committee_2017 = _meeting(highway, "committee_meeting", dt.date(2017, 3, 1))
    general_2019 = _meeting(highway, "general_meeting", dt.date(2019, 5, 1))
    recent = _meeting(highway, "committee_meeting", month_start(add_months(as_of, -1)))
    by_title = {}
    for title, category, basis, paragraphs in RULES:
        regulation = services.regulation_create(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "title": title,
                "category": category,
                "issued_by": "中共铜仁市公路管理局支部委员会",
                "based_on": basis,
                "notes": data.DEMO_NOTE,
            },
            body="\n".join(paragraphs),
        )
        version = regulation.versions.get()
        meeting = general_2017 if category == PARTY else committee_2017
        services.version_adopt(actor=DEMO_ACTOR, version=version, meeting=meeting)
        _read(version, members, meeting.date + dt.timedelta(days=3))
        by_title[title] = (regulation, paragraphs)

    for title, paragraph in UPGRADE_2019.items():
        regulation, paragraphs = by_title[title]
        draft = services.draft_save(
            actor=DEMO_ACTOR,
            regulation=regulation,
            body="\n".join([*paragraphs, paragraph]),
            change_note="支部标准化提升：增加活动阵地和公开要求",
        )
        services.version_adopt(actor=DEMO_ACTOR, version=draft, meeting=general_2019)
        _read(draft, members, general_2019.date + dt.timedelta(days=5))

    title, paragraph = RECENT
    regulation, paragraphs = by_title[title]
    draft = services.draft_save(
        actor=DEMO_ACTOR,
        regulation=regulation,
        body="\n".join([*paragraphs, paragraph]),
        change_note="增加转账交纳和收据要求",
    )
    services.version_adopt(actor=DEMO_ACTOR, version=draft, meeting=recent)
    readers = [m for m in members if m.name not in NOT_YET_READ]
    _read(draft, readers, min(recent.date + dt.timedelta(days=2), as_of - dt.timedelta(days=1)))

    title, paragraph = DRAFT
    regulation, paragraphs = by_title[title]
    services.draft_save(
        actor=DEMO_ACTOR,
        regulation=regulation,
        body="\n".join([*paragraphs, paragraph]),
        change_note="增加对困难党员的谈心谈话要求",
    )
    return len(RULES)
