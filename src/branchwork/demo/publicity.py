"""Demo news of the highway branch: the city government website's 2019 report on the branch,
retold in our own words in Chinese and English (marked as demo, citing the website and the
report's author as the source), two related items drawn from the same report, one item
waiting for review, and the party-affairs openness items of recent years (dues and appraisal
results; last year's appraisal results are left unpublished, so the secretary's home shows
them overdue). Publishing times are demo assumptions: the report gives none."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.organizations.models import Organization
from branchwork.publicity import services
from branchwork.publicity.models import Channel, Item
from branchwork.publicity.rules import Audience, Kind

SOURCE = "铜仁市人民政府网站（原报道作者：杨国胜）"
SOURCE_EN = "Tongren City Government Website (report by Yang Guosheng)"

ARTICLE = {
    "title": "以支部建设激发行业创新活力——市公路管理局党支部发挥党建作用纪实",
    "title_en": (
        "Branch building drives innovation: how the party branch of the Municipal Highway "
        "Administration puts party building to work"
    ),
    "summary": "市公路管理局党支部抓标准化建设、抓活动载体、抓中心工作，近年来屡获荣誉。",
    "summary_en": (
        "Standardized branch work, activities and the central task of rural roads have "
        "earned the highway administration a series of honours."
    ),
    "body": (
        "近年来，市公路管理局先后被交通运输部评为“全国农村公路养护管理先进集体”，被贵州省总工会"
        "授予“工人先锋号”，被省交通运输厅评为“2015—2017年度全省交通运输行业先进集体”；"
        "2008年至2017年连续十年获全省农村公路养护管理目标考核优胜，2018年获评“全省农村公路"
        "建设先进集体”。\n\n"
        "局党支部现有党员23名，其中预备党员1名。支部围绕学习教育、“三会一课”、服务中心工作和"
        "党费收缴管理等建立健全党建和单位管理制度25项。2017年6月，支部标准化建设通过市直机关"
        "工委验收，成为全市首批12个支部标准化建设示范点之一；2019年实施支部标准化提升工程，"
        "按“八有七上墙”标准重新布置党员活动室。\n\n"
        "支部以创建文明单位为载体，依托道德讲堂、职工书屋和党员示范岗，参与“五城联创”、"
        "“多彩贵州·桃源铜仁”、“平安公路”、“我是党员我先行”等系列活动；带领工会等群团组织"
        "开展职工文体活动、经典诵读，走访慰问离退休、生病和住院干部职工。\n\n"
        "在农村“组组通”硬化路建设中，不到两年建成通组硬化路12103公里，实现全市30户以上"
        "5982个村民组通硬化路，建设规模和进度居全省第三。支部还把组织优势转化为扶贫优势："
        "2016年为松桃、印江、江口协调物资和资金50万元，2017年帮扶项目和资金超过900万元，"
        "2018年超过300万元，2019年超过100万元，助力印江顺利通过省级第三方评估。\n\n"
        "2019年6月，支部被省委评为“全省脱贫攻坚先进党组织”，被市委评为“全市脱贫攻坚先进"
        "党组织”和“先进基层党组织”。"
    ),
    "body_en": (
        "In recent years the Municipal Highway Administration has been named a national "
        "advanced collective for rural road maintenance by the Ministry of Transport, a "
        "“Worker Pioneer” by the Guizhou Federation of Trade Unions and a provincial advanced "
        "collective of the transport sector for 2015–2017; it came first in the province's "
        "rural road maintenance appraisal for ten years running (2008–2017) and was named a "
        "provincial advanced collective for rural road construction in 2018.\n\n"
        "The branch has 23 members, one of them probationary. It keeps 25 rules covering "
        "study, the “three meetings and one lesson”, service to the central task and party "
        "dues. In June 2017 its standardization passed the inspection of the municipal "
        "organs' work committee, making it one of the city's first 12 demonstration sites; "
        "in 2019 it upgraded the branch to the “eight haves, seven on the wall” standard and "
        "refitted its activity room.\n\n"
        "Building on the civilized-unit campaign, an ethics lecture hall, a staff library and "
        "model posts for members, the branch joined the “five-city joint creation”, "
        "“Colourful Guizhou, Peach-Blossom Tongren”, “Peaceful Highway” and “I am a party "
        "member, I go first” campaigns, and led the trade union in sports, reading and visits "
        "to retired, sick and hospitalized staff.\n\n"
        "In less than two years it built 12,103 km of hardened roads to village groups, "
        "reaching all 5,982 groups of 30 or more households, third in the province for scale "
        "and pace. It turned organization into help for poor areas: 500,000 yuan of goods and "
        "funds for Songtao, Yinjiang and Jiangkou in 2016, over 9 million yuan of projects "
        "and funds in 2017, over 3 million in 2018 and over 1 million in 2019, helping "
        "Yinjiang pass the provincial third-party assessment.\n\n"
        "In June 2019 the provincial party committee named the branch an advanced party "
        "organization in poverty alleviation, and the city committee named it both an "
        "advanced party organization in poverty alleviation and an advanced grass-roots "
        "party organization."
    ),
    "author": "杨国胜",
    "source": SOURCE,
}

RELATED = [
    {
        "title": "市公路管理局党支部成为全市首批支部标准化建设示范点",
        "title_en": "Highway branch among the city's first standardization demonstration sites",
        "body": (
            "2017年6月，市公路管理局党支部标准化建设通过市直机关工委验收，成为全市首批12个"
            "支部标准化建设示范点之一。"
        ),
        "body_en": (
            "In June 2017 the highway branch's standardization passed the work committee's "
            "inspection: one of the first 12 demonstration sites in the city."
        ),
        "publish_at": dt.datetime(2017, 6, 30, 10, 0),
    },
    {
        "title": "市公路管理局党支部获评全省脱贫攻坚先进党组织",
        "title_en": "Highway branch named an advanced party organization in poverty alleviation",
        "body": (
            "2019年6月，市公路管理局党支部被省委评为“全省脱贫攻坚先进党组织”，被市委评为"
            "“全市脱贫攻坚先进党组织”和“先进基层党组织”。"
        ),
        "body_en": (
            "In June 2019 the provincial party committee named the highway branch an advanced "
            "party organization in poverty alleviation; the city committee gave it the same "
            "title and named it an advanced grass-roots party organization."
        ),
        "publish_at": dt.datetime(2019, 7, 1, 10, 0),
    },
]
ARTICLE_PUBLISHED = dt.datetime(2019, 12, 28, 10, 0)

IN_REVIEW = {
    "title": "支部开展“我是党员我先行”主题党日活动",
    "title_en": "Themed party day: “I am a party member, I go first”",
    "body": "演示草稿：支部党员到养护一线开展志愿服务。",
    "body_en": "Demo draft: members volunteer with the road maintenance crews.",
}


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


def _publish(org: Organization, fields: dict, when: dt.datetime, **extra: object) -> Item:
    item = Item.objects.filter(organization=org, title=fields["title"]).first()
    if item is not None:
        return item
    data = {k: v for k, v in fields.items() if k != "publish_at"} | extra
    item = services.item_save(actor=DEMO_ACTOR, organization=org, data={**data, "is_demo": True})
    services.item_submit(actor=DEMO_ACTOR, item=item)
    return services.item_approve(actor=DEMO_ACTOR, item=item, publish_at=_aware(when))


def load_publicity(as_of: dt.date) -> int:
    """The highway branch's public pages and news (idempotent). Returns items created."""
    org = Organization.objects.get(code="tr-highway")
    before = Item.objects.filter(organization=org).count()
    if not Channel.objects.filter(organization=org).exists():
        services.channel_set(
            actor=DEMO_ACTOR,
            organization=org,
            enabled=True,
            title="中共铜仁市公路管理局支部委员会",
            title_en="Party Branch of the Tongren Municipal Highway Administration",
        )
    related = [
        _publish(org, {**r, "source": SOURCE, "author": "杨国胜"}, r["publish_at"], kind=Kind.NEWS)
        for r in RELATED
    ]
    article = _publish(org, ARTICLE, ARTICLE_PUBLISHED, kind=Kind.NEWS)
    if not article.related.exists():
        article.related.set(related)
    _openness(org, as_of)
    if not Item.objects.filter(organization=org, title=IN_REVIEW["title"]).exists():
        draft = services.item_save(
            actor=DEMO_ACTOR,
            organization=org,
            data={**IN_REVIEW, "author": "刘洋", "source": data.DEMO_NOTE, "is_demo": True},
        )
        services.item_submit(actor=DEMO_ACTOR, item=draft)
    return Item.objects.filter(organization=org).count() - before


def _openness(org: Organization, as_of: dt.date) -> None:
    for year in range(as_of.year - 3, as_of.year):
        _publish(
            org,
            {
                "title": f"{year}年度党费收缴使用情况公示",
                "title_en": f"Party dues collected and used in {year}",
                "body": (
                    f"{year}年度党费收缴情况已在支部党员大会上通报，每名党员的交纳明细见系统"
                    f"“党费公示”页。{data.DEMO_NOTE}"
                ),
                "body_en": (
                    f"The {year} party dues were reported to the branch general meeting; each "
                    "member's payments are on the dues publication page. Demo content."
                ),
            },
            dt.datetime(year + 1, 1, 15, 9, 0),
            kind=Kind.OPENNESS,
            audience=Audience.PARTY,
            openness_rule="dues",
            period_year=year,
        )
    # Last year's appraisal results are left unpublished: overdue on the secretary's home.
    for year in range(as_of.year - 3, as_of.year - 1):
        _publish(
            org,
            {
                "title": f"{year}年度民主评议党员结果公示",
                "title_en": f"Results of the {year} democratic appraisal of members",
                "body": f"{year}年度民主评议党员结果见支部党员大会记录。{data.DEMO_NOTE}",
                "body_en": (
                    f"The {year} appraisal results are in the branch general meeting's "
                    "record. Demo content."
                ),
            },
            dt.datetime(year + 1, 3, 20, 9, 0),
            kind=Kind.OPENNESS,
            audience=Audience.PARTY,
            openness_rule="appraisal",
            period_year=year,
        )
