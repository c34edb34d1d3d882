"""Branch standardization (支部标准化规范化建设): the default checklist as data and the scoring
arithmetic, as pure functions (no database).

Source: shared/specs/party-rules.md §6.2. No national uniform checklist was found
(UNVERIFIED): the criteria are issued by provincial or sector party organs. The default
template below is built from the local schemes the spec cites — a 100-point base
(星级标准化党支部), the "five standardizations" (班子、阵地、制度、工作流程、活动组织) — and the
branch's own practice in the article (three meetings and one lesson, the "eight on the wall",
the activity room, 25 rules). Its points, marks and evidence are therefore marked
``UNVERIFIED`` until a committee replaces them with its own scoring sheet (copy and edit).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

SPEC = "party-rules.md §6.2"
# Points move in half points (a common practice of local scoring sheets; UNVERIFIED).
STEP = Decimal("0.5")
ZERO = Decimal("0")


class Result(models.TextChoices):
    NOT_PASSED = "not_passed", _("Not passed")
    PASSED = "passed", _("Passed")
    DEMONSTRATION = "demonstration", _("Demonstration site")


class Side(models.TextChoices):
    SELF = "self", _("Branch self-assessment")
    INSPECTOR = "inspector", _("Inspector")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified: built from the spec, not an official sheet")
    VERIFIED = "verified", _("Verified against the committee's official scoring sheet")


@dataclass(frozen=True)
class ItemSpec:
    key: str
    title: str
    points: Decimal
    evidence: str
    # The key of the evidence registry (standards.evidence.REGISTRY) when the system can
    # evidence the item by itself; "" when only documents and the inspector's visit can.
    evidence_key: str = ""


@dataclass(frozen=True)
class CategorySpec:
    title: str
    items: tuple[ItemSpec, ...]


def _i(key: str, title: str, points: str, evidence: str, evidence_key: str = "") -> ItemSpec:
    return ItemSpec(key, title, Decimal(points), evidence, evidence_key)


DEFAULT_NAME = "支部标准化建设考评表（默认）"
# Shown on the checklist page (data, in the language of the checklist): party-rules.md §6.2.
DEFAULT_VERIFICATION_NOTE = (
    "UNVERIFIED 未核实（规范 §6.2）：未找到全国统一的考评标准。本表依据地方做法整理"
    "（星级标准化党支部的百分制；“五个标准化”：班子、阵地、制度、工作流程、活动组织），"
    "使用前请以本级党组织的正式考评表核对或替换。"
)
# Pass and demonstration marks on the 100-point base (UNVERIFIED; per template version).
DEFAULT_PASS_MARK = Decimal("80")
DEFAULT_DEMONSTRATION_MARK = Decimal("90")

DEFAULT_TEMPLATE: tuple[CategorySpec, ...] = (
    CategorySpec(
        "组织设置",
        (
            _i("org.setup", "按规定设置支部和党小组", "5", "成立批复、党小组划分名单"),
            _i("org.election", "按期换届选举", "5", "换届选举请示与批复、选举结果报告"),
        ),
    ),
    CategorySpec(
        "班子队伍",
        (
            _i("team.committee", "支委会配备齐全、分工明确", "5", "支委分工文件"),
            _i("team.secretary", "书记履行第一责任人职责、讲党课", "5", "党课讲稿、述职报告"),
        ),
    ),
    CategorySpec(
        "组织生活",
        (
            _i(
                "life.meetings",
                "“三会一课”按规定召开",
                "15",
                "会议记录（系统按会议规则自动核验）",
                "meetings.compliance",
            ),
            _i("life.party_day", "主题党日每月开展", "5", "活动记录、照片"),
            _i("life.org_life", "组织生活会和民主评议党员", "5", "会议记录、评议结果"),
        ),
    ),
    CategorySpec(
        "党员管理",
        (
            _i(
                "members.records",
                "党员信息完整准确",
                "5",
                "党员名册（系统核对必填信息）",
                "members.records",
            ),
            _i(
                "members.dues",
                "党费按月足额收缴",
                "10",
                "党费收缴台账（系统计算收缴率）",
                "dues.collection",
            ),
            _i(
                "members.study",
                "党员学习教育达到规定学时",
                "5",
                "学习记录（系统汇总学时）",
                "study.hours",
            ),
            _i("members.development", "发展党员程序规范", "5", "发展党员档案"),
        ),
    ),
    CategorySpec(
        "活动阵地",
        (
            _i("venue.room", "党员活动室达标", "5", "活动室照片"),
            _i("venue.wall", "制度上墙（“八上墙”）", "5", "上墙内容照片"),
        ),
    ),
    CategorySpec(
        "制度落实",
        (
            _i(
                "rules.acknowledged",
                "支部制度健全并组织党员学习",
                "10",
                "制度汇编、党员阅知记录（系统统计阅知率）",
                "rules.acknowledgment",
            ),
            _i("rules.openness", "党务公开", "5", "公开栏照片、公开记录"),
        ),
    ),
    CategorySpec(
        "台账资料",
        (_i("records.books", "工作台账规范完整", "5", "会议记录本、党员名册、党费台账"),),
    ),
)


def default_total() -> Decimal:
    """The default template's maximum points (100, the base of the local schemes, §6.2)."""
    return sum((i.points for c in DEFAULT_TEMPLATE for i in c.items), ZERO)


# --- Scoring arithmetic --------------------------------------------------------------------


def check_points(points: Decimal, maximum: Decimal) -> str:
    """The reason ``points`` cannot be given for an item worth ``maximum`` ("" when it can):
    not below zero, not above the item's points, in steps of ``STEP`` (UNVERIFIED local
    practice, §6.2)."""
    if points < ZERO:
        return str(_("Points cannot be negative."))
    if points > maximum:
        return str(_("At most %(max)s points for this item.") % {"max": fmt(maximum)})
    if points % STEP:
        return str(_("Points go in steps of %(step)s.") % {"step": fmt(STEP)})
    return ""


def fmt(value: Decimal) -> str:
    """A points figure without trailing zeros: 5, 7.5."""
    text = f"{value.normalize():f}"
    return text


def effective_points(scored: Decimal | None, corrections: Iterable[Decimal]) -> Decimal | None:
    """The inspector's points for an item after its recorded corrections, in the order they
    were recorded: the last correction supersedes the score (a signed-off score is never
    changed in place)."""
    result = scored
    for points in corrections:
        result = points
    return result


@dataclass(frozen=True)
class Tally:
    """The sum of an inspection side: ``total`` of the scored items, ``scored`` of
    ``items`` items scored, out of ``maximum``."""

    total: Decimal
    maximum: Decimal
    scored: int
    items: int

    @property
    def complete(self) -> bool:
        return self.scored == self.items

    @property
    def percent(self) -> Decimal | None:
        if not self.maximum:
            return None
        return (self.total * 100 / self.maximum).quantize(Decimal("0.1"))


def tally(maximums: Mapping[str, Decimal], points: Mapping[str, Decimal | None]) -> Tally:
    """Add up ``points`` (item key → points or None when not scored) against ``maximums``
    (item key → the item's points). Keys of ``points`` not in ``maximums`` are ignored."""
    scored = {k: v for k, v in points.items() if k in maximums and v is not None}
    return Tally(
        total=sum(scored.values(), ZERO),
        maximum=sum(maximums.values(), ZERO),
        scored=len(scored),
        items=len(maximums),
    )


def scaled_mark(mark: Decimal, base: Decimal, maximum: Decimal) -> Decimal:
    """A mark set on a ``base`` (100 points) applied to a template of ``maximum`` points,
    so that a committee that edits the points keeps the same share."""
    if not base:
        return mark
    return mark * maximum / base


def check_result(
    result: str, the_tally: Tally, pass_mark: Decimal, demonstration_mark: Decimal
) -> str:
    """The reason ``result`` cannot be signed off with ``the_tally`` ("" when it can): every
    item scored; "passed" needs at least ``pass_mark`` points and "demonstration site" at
    least ``demonstration_mark`` (the template's marks, §6.2). "Not passed" needs only a
    complete score."""
    if not the_tally.complete:
        missing = the_tally.items - the_tally.scored
        return str(_("Score every item first: %(n)s not scored.") % {"n": missing})
    marks: dict[str, Decimal] = {
        Result.PASSED: pass_mark,
        Result.DEMONSTRATION: demonstration_mark,
    }
    needed = marks.get(result)
    if needed is not None and the_tally.total < needed:
        return str(
            _("%(result)s needs at least %(mark)s points; the inspector gave %(total)s.")
            % {"result": Result(result).label, "mark": fmt(needed), "total": fmt(the_tally.total)}
        )
    return ""


def suggested_result(the_tally: Tally, pass_mark: Decimal, demonstration_mark: Decimal) -> str:
    """The result the marks point to for a complete tally ("" while items are unscored): the
    inspector decides, the system only suggests."""
    if not the_tally.complete:
        return ""
    if the_tally.total >= demonstration_mark:
        return Result.DEMONSTRATION
    if the_tally.total >= pass_mark:
        return Result.PASSED
    return Result.NOT_PASSED


# --- Evidence verdicts (the rules the live evidence is judged by) ---------------------------


class EvidenceStatus(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    IN_PROGRESS = "in_progress", _("in progress")
    NO_VERDICT = "no_verdict", _("no verdict")
    NOT_AVAILABLE = "not_available", _("not available yet")


# Dues are paid monthly and in full (党章 Art. 8; party-rules.md §1.4): anything below
# complete collection of the months due is "not met".
DUES_FULL_RATE = Decimal("100")


def dues_status(rate: Decimal | None, year_over: bool) -> str:
    """The verdict on a dues collection rate (percent of the months due collected): "met" only
    at full collection of a finished year; below it "not met"; full so far in a running year
    "in progress"; no months due, no verdict."""
    if rate is None:
        return EvidenceStatus.NO_VERDICT
    if rate < DUES_FULL_RATE:
        return EvidenceStatus.NOT_MET
    return EvidenceStatus.MET if year_over else EvidenceStatus.IN_PROGRESS


def meetings_status(statuses: Iterable[str], year_over: bool) -> str:
    """The verdict on the year's meeting-rule verdicts (meetings.rules.Status values, not
    applicable ones left out): "not met" when one is missed; "met" only when every rule is
    met; otherwise in progress while the year runs, and no verdict without any rule."""
    relevant = [s for s in statuses if s != "not_applicable"]
    if not relevant:
        return EvidenceStatus.NO_VERDICT
    if "missed" in relevant:
        return EvidenceStatus.NOT_MET
    if all(s == "met" for s in relevant):
        return EvidenceStatus.MET
    if "overdue" in relevant and year_over:
        return EvidenceStatus.NOT_MET
    return EvidenceStatus.IN_PROGRESS


def records_status(complete: int, total: int) -> str:
    """The verdict on member records: "met" when every member on the roll has every required
    field (``MEMBER_REQUIRED_FIELDS``); no verdict for an empty roll."""
    if total == 0:
        return EvidenceStatus.NO_VERDICT
    return EvidenceStatus.MET if complete == total else EvidenceStatus.NOT_MET


def study_status(met: int, counted: int, year_over: bool) -> str:
    """The verdict on members' yearly study hours (study.rules, 党员教育管理工作条例): "met"
    only when every member counted met the requirement in a finished year; a finished year
    with one short is "not met"; a running year is "in progress" (hours still come); no
    members counted, no verdict."""
    if counted == 0:
        return EvidenceStatus.NO_VERDICT
    if not year_over:
        return EvidenceStatus.IN_PROGRESS
    return EvidenceStatus.MET if met == counted else EvidenceStatus.NOT_MET


def acknowledgment_status(due: int, done: int, year_over: bool) -> str:
    """The verdict on members' acknowledgment of the rules adopted in a year
    (regulations.rules.ack_rate): "met" when every member asked has acknowledged; short of
    that "not met" once the year is over and "in progress" while it runs; nothing adopted
    (nothing due), no verdict."""
    if due == 0:
        return EvidenceStatus.NO_VERDICT
    if done >= due:
        return EvidenceStatus.MET
    return EvidenceStatus.NOT_MET if year_over else EvidenceStatus.IN_PROGRESS


# The member record fields checked for completeness: those of the national member items the
# spec lists (party-rules.md §4, "The 16 national member items", UNVERIFIED) that the member
# model keeps as optional; name, gender, birth date, ID number, category and admission date
# (and ethnicity, which has a default) are required by the model itself. A full member
# also needs the conversion date.
MEMBER_REQUIRED_FIELDS: tuple[str, ...] = ("education", "phone", "post", "native_place")
