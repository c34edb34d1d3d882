"""Every read of standardization, starting from ``visible_to`` (core.scoping): templates,
rounds, a branch's inspection sheet with live evidence, the committee roll-up and the
branch's history of results."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import can, can_above, get_scoped, require
from branchwork.organizations.models import Organization
from branchwork.standards import evidence, rules
from branchwork.standards.models import (
    BranchInspection,
    ChecklistCategory,
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    InspectionRound,
    Score,
    ScoreCorrection,
    UpgradePhoto,
    UpgradeProject,
)
from branchwork.standards.rules import Side


def may_edit_templates(user: Any, organization: Organization) -> bool:
    """Whether ``user`` administers the committee ``organization``: edits and copies its
    checklists (organization management and inspection recording there, which the
    administrator role holds; a branch secretary manages no committee, an inspector edits
    no checklist)."""
    return (
        organization.org_type == "committee"
        and can(user, Action.ORG_MANAGE, organization)
        and can(user, Action.INSPECTION_RECORD, organization)
    )


def may_inspect(user: Any, branch: Organization) -> bool:
    """Whether ``user`` may score and sign off ``branch``: inspection recording from a
    committee above it (the higher committee inspects, never the branch itself)."""
    return can_above(user, Action.INSPECTION_RECORD, branch)


def template_list(*, user: Any) -> QuerySet[ChecklistTemplate]:
    """Every checklist version ``user`` may see (standards.view on its committee)."""
    return (
        ChecklistTemplate.objects.visible_to(user, Action.STANDARDS_VIEW)
        .select_related("organization", "based_on")
        .order_by("organization__path", "name", "-version")
    )


def template_get(*, user: Any, pk: int) -> ChecklistTemplate:
    """One checklist version in ``user``'s scope (standards.view); ``Http404`` otherwise."""
    return get_scoped(
        ChecklistTemplate.objects.select_related("organization", "based_on"),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )


def template_categories(template: ChecklistTemplate) -> list[ChecklistCategory]:
    """The categories of ``template`` (already read through scoping) with their items: two
    queries."""
    return list(
        ChecklistCategory.objects.filter(template=template).prefetch_related(
            Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))
        )
    )


def item_get(*, template: ChecklistTemplate, pk: int) -> ChecklistItem:
    """One item of ``template`` (already read through scoping); ``Http404`` otherwise."""
    from django.http import Http404

    item = ChecklistItem.objects.filter(category__template=template, pk=pk).first()
    if item is None:
        raise Http404
    return item


def round_list(*, user: Any, organization: Organization) -> QuerySet[InspectionRound]:
    """The inspection rounds of ``organization``'s subtree ``user`` may see (newest first)."""
    return (
        InspectionRound.objects.visible_to(user, Action.STANDARDS_VIEW)
        .in_subtree(organization)
        .select_related("organization", "template")
        .order_by("-year", "organization__path")
    )


def round_get(*, user: Any, pk: int) -> InspectionRound:
    """One round in ``user``'s scope (standards.view); ``Http404`` otherwise."""
    return get_scoped(
        InspectionRound.objects.select_related("organization", "template"),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )


def inspection_list(*, user: Any, organization: Organization) -> QuerySet[BranchInspection]:
    """Branch inspections of ``organization``'s subtree ``user`` may see, for the roll-up,
    its export and the API (filtered by ``InspectionFilter``): one query. Raises
    ``PermissionDenied`` without standards.view on ``organization``."""
    require(user, Action.STANDARDS_VIEW, organization)
    return (
        BranchInspection.objects.visible_to(user, Action.STANDARDS_VIEW)
        .in_subtree(organization)
        .select_related("round", "branch", "round__organization")
        .order_by("branch__path", "-round__year")
    )


def inspection_get(*, user: Any, pk: int) -> BranchInspection:
    """One branch inspection in ``user``'s scope (standards.view); ``Http404`` otherwise."""
    return get_scoped(
        BranchInspection.objects.select_related(
            "round__organization", "round__template", "branch", "signed_off_by"
        ),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )


@dataclass
class SheetRow:
    """One checklist item on a branch's inspection sheet."""

    item: ChecklistItem
    category: str
    own: Score | None = None
    inspector: Score | None = None
    corrections: list[ScoreCorrection] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)
    evidence: evidence.Evidence | None = None

    @property
    def effective(self) -> Decimal | None:
        return rules.effective_points(
            self.inspector.points if self.inspector else None,
            [c.points_after for c in self.corrections],
        )


@dataclass
class Sheet:
    rows: list[SheetRow]
    own: rules.Tally
    inspector: rules.Tally
    suggested: str


def inspection_sheet(
    *, user: Any, inspection: BranchInspection, today: dt.date | None = None, live: bool = True
) -> Sheet:
    """Every item of ``inspection``'s checklist with both sides' scores, the corrections, the
    uploaded files and (``live``) the live evidence for the round's year, plus both tallies
    and the result the marks suggest. Five queries plus the evidence sources'. ``inspection``
    comes from ``inspection_get`` (already scoped)."""
    today = today or timezone.localdate()
    items = list(
        ChecklistItem.objects.filter(category__template_id=inspection.round.template_id)
        .select_related("category")
        .order_by("category__order", "category_id", "order", "id")
    )
    rows = {i.pk: SheetRow(item=i, category=i.category.title) for i in items}
    for score in Score.objects.filter(inspection=inspection):
        row = rows.get(score.item_id)
        if row is not None:
            setattr(row, "own" if score.side == Side.SELF else "inspector", score)
    for correction in ScoreCorrection.objects.filter(inspection=inspection).select_related(
        "recorded_by"
    ):
        rows[correction.item_id].corrections.append(correction)
    for file in EvidenceFile.objects.filter(inspection=inspection):
        rows[file.item_id].files.append(file)
    if live:
        cache: dict[str, evidence.Evidence | None] = {}
        for row in rows.values():
            key = row.item.evidence_key
            if key and key not in cache:
                cache[key] = evidence.evidence_for(
                    key,
                    user=user,
                    organization=inspection.branch,
                    year=inspection.round.year,
                    today=today,
                )
            row.evidence = cache.get(key) if key else None
    maximums = {str(i.pk): i.points for i in items}
    own = rules.tally(
        maximums, {str(r.item.pk): r.own.points if r.own else None for r in rows.values()}
    )
    theirs = rules.tally(maximums, {str(r.item.pk): r.effective for r in rows.values()})
    template = inspection.round.template
    return Sheet(
        rows=list(rows.values()),
        own=own,
        inspector=theirs,
        suggested=rules.suggested_result(theirs, template.pass_mark, template.demonstration_mark),
    )


def evidence_file_get(*, user: Any, pk: int) -> EvidenceFile:
    """One evidence file in ``user``'s scope (standards.view); ``Http404`` otherwise."""
    return get_scoped(
        EvidenceFile.objects.select_related("inspection__branch"),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )


def inspector_tally(inspection: BranchInspection) -> rules.Tally:
    """The inspector's tally of ``inspection`` with the corrections applied (three queries)."""
    items = ChecklistItem.objects.filter(category__template_id=inspection.round.template_id)
    maximums = {str(i.pk): i.points for i in items}
    scored = {
        str(item_id): points
        for item_id, points in inspection.scores.filter(side=Side.INSPECTOR).values_list(
            "item_id", "points"
        )
    }
    corrections: dict[str, list[Decimal]] = {}
    for item_id, points in inspection.corrections.values_list("item_id", "points_after"):
        corrections.setdefault(str(item_id), []).append(points)
    effective = {
        key: rules.effective_points(scored.get(key), corrections.get(key, [])) for key in maximums
    }
    return rules.tally(maximums, effective)


# --- The committee's roll-up and each branch's history -------------------------------------


@dataclass
class RollupRow:
    """One branch in the roll-up: its inspection of the year (None when not in scope), the
    self-assessed and inspector's points, and its earlier signed-off results."""

    branch: Organization
    inspection: BranchInspection | None
    own_total: Decimal | None
    inspector_total: Decimal | None
    history: list[BranchInspection]

    @property
    def result(self) -> str:
        return self.inspection.result if self.inspection and self.inspection.signed_off else ""


SORTS = ("name", "score", "self", "result")
_RESULT_ORDER = {
    rules.Result.DEMONSTRATION: 0,
    rules.Result.PASSED: 1,
    rules.Result.NOT_PASSED: 2,
    "": 3,
}


def sort_rollup(rows: list[RollupRow], sort: str) -> list[RollupRow]:
    """``rows`` sorted by ``sort`` (one of ``SORTS``; tree order otherwise): highest score
    first, best result first."""
    low = Decimal("-1")
    if sort == "name":
        return sorted(rows, key=lambda r: r.branch.name)
    if sort == "score":
        return sorted(rows, key=lambda r: (-(r.inspector_total or low), r.branch.path))
    if sort == "self":
        return sorted(rows, key=lambda r: (-(r.own_total or low), r.branch.path))
    if sort == "result":
        return sorted(rows, key=lambda r: (_RESULT_ORDER[r.result], r.branch.path))
    return rows


def rollup(
    *, user: Any, organization: Organization, year: int, inspections: QuerySet | None = None
) -> list[RollupRow]:
    """Every branch of ``organization``'s subtree side by side for ``year``: this year's
    inspection, both sides' points, and its earlier signed-off results. ``inspections``: an
    ``inspection_list`` queryset (possibly filtered by ``InspectionFilter``; default: all).
    Four queries whatever the number of branches. Raises ``PermissionDenied`` without
    standards.view on ``organization``."""
    inspections = (
        inspections
        if inspections is not None
        else inspection_list(user=user, organization=organization)
    )
    branches = list(
        Organization.objects.visible_to(user, Action.STANDARDS_VIEW)
        .in_subtree(organization)
        .filter(org_type="branch")
        .order_by("path")
    )
    this_year: dict[int, BranchInspection] = {}
    history: dict[int, list[BranchInspection]] = defaultdict(list)
    for inspection in inspections:
        if inspection.round.year == year:
            this_year[inspection.branch_id] = inspection
        elif inspection.round.year < year and inspection.signed_off:
            history[inspection.branch_id].append(inspection)
    totals: dict[tuple[int, str], Decimal] = {}
    for inspection_id, side, total in (
        Score.objects.filter(inspection_id__in=[i.pk for i in this_year.values()])
        .values_list("inspection_id", "side")
        .annotate(total=Sum("points"))
    ):
        totals[(inspection_id, side)] = total
    rows = []
    for branch in branches:
        inspection = this_year.get(branch.pk)
        own = theirs = None
        if inspection is not None:
            own = totals.get((inspection.pk, Side.SELF))
            theirs = (
                inspection.total
                if inspection.signed_off
                else totals.get((inspection.pk, Side.INSPECTOR))
            )
        rows.append(RollupRow(branch, inspection, own, theirs, history.get(branch.pk, [])))
    return rows


def branch_history(*, user: Any, organization: Organization) -> list[BranchInspection]:
    """The branch's inspections, newest first, with their results: one query. Raises
    ``PermissionDenied`` without standards.view on ``organization``."""
    require(user, Action.STANDARDS_VIEW, organization)
    return list(
        BranchInspection.objects.visible_to(user, Action.STANDARDS_VIEW)
        .filter(branch=organization)
        .select_related("round__organization", "round__template")
        .order_by("-round__year")
    )


def latest_result(*, user: Any, organization: Organization) -> BranchInspection | None:
    """The latest signed-off inspection result of the branch ``organization`` (``result``,
    ``result_on``, ``total``, ``round.year``), for the dashboard; None when there is none or
    ``user`` may not see standardization there (standards.view). One query."""
    if not can(user, Action.STANDARDS_VIEW, organization):
        return None
    return (
        BranchInspection.objects.visible_to(user, Action.STANDARDS_VIEW)
        .filter(branch=organization, signed_off_at__isnull=False)
        .select_related("round")
        .order_by("-result_on", "-round__year")
        .first()
    )


@dataclass
class HomeSummary:
    """The home page's standardization line: open inspections of the branch with the
    self-assessment's progress (``open_own``: (inspection, items scored, items)), and for the
    higher committee's inspector, how many branch inspections wait for sign-off."""

    open_own: list[tuple[BranchInspection, int, int]]
    awaiting: int
    latest: BranchInspection | None


def home_summary(*, user: Any, organization: Organization) -> HomeSummary | None:
    """What the home page shows of standardization for ``organization`` (standards.view),
    None when there is nothing to do or show. At most five queries."""
    if not can(user, Action.STANDARDS_VIEW, organization):
        return None
    open_own: list[tuple[BranchInspection, int, int]] = []
    awaiting = 0
    latest = None
    if organization.org_type == "branch":
        latest = latest_result(user=user, organization=organization)
        if can(user, Action.STANDARDS_MANAGE, organization):
            for inspection in (
                BranchInspection.objects.visible_to(user, Action.STANDARDS_MANAGE)
                .filter(branch=organization, signed_off_at__isnull=True)
                .select_related("round")
            ):
                items = ChecklistItem.objects.filter(
                    category__template_id=inspection.round.template_id
                ).count()
                scored = inspection.scores.filter(side=Side.SELF).count()
                open_own.append((inspection, scored, items))
    if organization.org_type == "committee" and can(user, Action.INSPECTION_RECORD, organization):
        awaiting = (
            BranchInspection.objects.visible_to(user, Action.INSPECTION_RECORD)
            .in_subtree(organization)
            .filter(signed_off_at__isnull=True)
            .count()
        )
    if not (open_own or awaiting or latest):
        return None
    return HomeSummary(open_own, awaiting, latest)


# --- Upgrade projects ----------------------------------------------------------------------


def project_list(*, user: Any, organization: Organization) -> QuerySet[UpgradeProject]:
    """The upgrade projects of ``organization``'s subtree (standards.view), newest first.
    Raises ``PermissionDenied`` without standards.view on ``organization``."""
    require(user, Action.STANDARDS_VIEW, organization)
    return (
        UpgradeProject.objects.visible_to(user, Action.STANDARDS_VIEW)
        .in_subtree(organization)
        .select_related("organization")
    )


def project_get(*, user: Any, pk: int, action: str = Action.STANDARDS_VIEW) -> UpgradeProject:
    """One upgrade project: ``Http404`` outside what ``user`` may view (standards.view),
    ``PermissionDenied`` when in view but ``action`` (e.g. standards.manage) is not allowed
    on its branch."""
    project = get_scoped(
        UpgradeProject.objects.select_related("organization").prefetch_related("tasks", "photos"),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )
    if action != Action.STANDARDS_VIEW:
        require(user, action, project.organization)
    return project


def photo_get(*, user: Any, pk: int) -> UpgradePhoto:
    """One upgrade photo in ``user``'s scope (standards.view); ``Http404`` otherwise."""
    return get_scoped(
        UpgradePhoto.objects.select_related("project__organization"),
        user,
        Action.STANDARDS_VIEW,
        pk=pk,
    )
