"""Factories for standardization: a committee's checklist, a round and a branch inspection,
built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from branchwork.standards import services
from branchwork.standards.models import BranchInspection, ChecklistItem, ChecklistTemplate
from branchwork.standards.rules import Side
from tests.conftest import TEST_ACTOR


def default_template(committee: Any) -> ChecklistTemplate:
    """The default checklist installed on ``committee``."""
    return services.template_install_default(actor=TEST_ACTOR, organization=committee)


def open_round(
    committee: Any, branches: list[Any], year: int, template: ChecklistTemplate | None = None
) -> list[BranchInspection]:
    """A round of ``year`` on ``committee`` for ``branches``; returns their inspections."""
    template = template or default_template(committee)
    round_ = services.round_open(
        actor=TEST_ACTOR,
        organization=committee,
        year=year,
        template=template,
        branches=branches,
        opened_on=dt.date(year, 1, 15) if year < dt.date.today().year else None,
    )
    return list(
        round_.branches.select_related("round__template", "branch").order_by("branch__path")
    )


def items_of(inspection: BranchInspection) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(category__template=inspection.round.template_id).order_by(
            "category__order", "order"
        )
    )


def score_all(
    inspection: BranchInspection, *, side: str = Side.INSPECTOR, share: Decimal = Decimal("1")
) -> Decimal:
    """Give every item ``share`` of its points (rounded down to half points); the total."""
    total = Decimal("0")
    for item in items_of(inspection):
        points = (item.points * share * 2).to_integral_value(rounding="ROUND_FLOOR") / 2
        services.score_record(
            actor=TEST_ACTOR, inspection=inspection, item_id=item.pk, side=side, points=points
        )
        total += points
    return total
