"""Reads of organizations and committees, always starting from the scoped queryset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require
from branchwork.organizations import rules
from branchwork.organizations.models import Committee, CommitteePost, Organization


def organization_get(user: Any, code: str, action: str = Action.ORG_VIEW) -> Organization:
    """One organization by its code (``"tr-highway"``), for pages and the API alike.

    Raises ``Http404`` outside the user's scope for ``action`` (never revealing what exists
    elsewhere). Positional ``user, code`` stay accepted: every app's views call it that way.
    """
    return get_scoped(Organization.objects.select_related("parent"), user, action, code=code)


def organization_list(*, user: Any) -> QuerySet[Organization]:
    """Every organization the user may see, with its number of children, in tree order."""
    return (
        Organization.objects.visible_to(user, Action.ORG_VIEW)
        .select_related("parent")
        .annotate(child_count=Count("children", distinct=True))
        .order_by("path")
    )


def subtree(*, user: Any, organization: Organization) -> QuerySet[Organization]:
    """``organization`` and everything under it that the user may see: one prefix match on
    the indexed path. Raises ``PermissionDenied`` unless the user may view ``organization``."""
    require(user, Action.ORG_VIEW, organization)
    return Organization.objects.visible_to(user, Action.ORG_VIEW).in_subtree(organization)


def committee_list(*, user: Any, organization: Organization) -> QuerySet[Committee]:
    """The committees (terms) of ``organization``, newest first, with their posts prefetched.

    Raises ``PermissionDenied`` unless the user may view ``organization``.
    """
    require(user, Action.ORG_VIEW, organization)
    posts = CommitteePost.objects.select_related("user").order_by("order", "id")
    return (
        Committee.objects.visible_to(user, Action.ORG_VIEW)
        .filter(organization=organization)
        .prefetch_related(Prefetch("posts", queryset=posts))
        .order_by("-term_start")
    )


def committee_get(*, user: Any, organization: Organization, pk: int) -> Committee:
    """One committee of ``organization``; ``Http404`` when it is not one the user may see."""
    return get_scoped(
        Committee.objects.filter(organization=organization), user, Action.ORG_VIEW, pk=pk
    )


@dataclass
class OrganizationOverview:
    org: Organization
    children: Sequence[Organization]
    committees: list[Committee]
    current_committee: Committee | None
    findings: list[rules.Finding] = field(default_factory=list)


def organization_overview(*, user: Any, organization: Organization) -> OrganizationOverview:
    """What the home and detail pages show: 3 queries whatever the size of the branch
    (once the user's grants are read). The term and committee-size findings follow
    支部条例 Art. 21 and ch. 6 (``organizations.rules``).

    Raises ``PermissionDenied`` unless the user may view ``organization``.
    """
    require(user, Action.ORG_VIEW, organization)
    today = timezone.localdate()
    children = list(
        organization.children.annotate(child_count=Count("children")).order_by("org_type", "code")
    )
    committees = list(committee_list(user=user, organization=organization))
    current = next((c for c in committees if c.is_current(today)), None)
    findings: list[rules.Finding] = []
    if organization.org_type in rules.TYPES_WITH_COMMITTEE:
        if current is not None:
            findings += rules.check_term(current.term_start, current.term_end, today)
            findings += rules.check_committee(None, len(current.posts.all()))
        elif committees:
            latest = committees[0]
            findings += rules.check_term(latest.term_start, latest.term_end, today)
    return OrganizationOverview(
        org=organization,
        children=children,
        committees=committees,
        current_committee=current,
        findings=findings,
    )


def organization_for_request(request: Any) -> Organization:
    """The organization a page is about: ?org=CODE (scoped: 404 outside the user's
    organizations), else the organization the user is working in.

    Raises ``Http404`` when neither gives one.
    """
    from branchwork.core.current import current_organization

    code = request.GET.get("org") or request.POST.get("org")
    if code:
        return organization_get(request.user, code)
    org = current_organization(request)
    if org is None:
        raise Http404
    return org


# --- The higher committee's comparison of its branches --------------------------------------


@dataclass
class BranchRow:
    """One branch in the comparison: rules met and missed this year, the last meeting held,
    the dues collection rate of the year so far (percent, None when nothing was due) and the
    alerts (meeting rules missed or overdue, members in arrears with a level)."""

    org: Organization
    met: int
    missed: int
    last_meeting: dt.date | None
    collection_rate: Decimal | None
    alerts: int


# ?sort= keys of the comparison table: the key and the row attribute it sorts on.
COMPARISON_SORTS = {
    "name": "org",
    "met": "met",
    "missed": "missed",
    "last_meeting": "last_meeting",
    "rate": "collection_rate",
    "alerts": "alerts",
}


def branch_comparison(
    *,
    user: Any,
    organization: Organization,
    today: dt.date | None = None,
    sort: str = "",
    rollup: list[Any] | None = None,
) -> list[BranchRow]:
    """Every branch and general branch under ``organization`` side by side for the higher
    committee (``dashboard.view``), this year as of ``today``: aggregates only, from
    ``meetings.selectors.compliance_figures`` / ``last_meetings`` and
    ``dues.selectors.collection_figures``. ``sort`` is a key of ``COMPARISON_SORTS``, with a
    leading ``-`` for descending (an unknown key keeps tree order); rows without a value
    (no meeting, nothing due) sort last either way. Nine queries whatever the number of
    branches (four when the caller passes ``rollup``, the ``compliance_rollup`` of
    ``organization`` for ``today``). Raises ``PermissionDenied`` without ``dashboard.view`` on
    ``organization``."""
    from branchwork.dues import selectors as dues_selectors
    from branchwork.meetings import selectors as meeting_selectors

    require(user, Action.DASHBOARD_VIEW, organization)
    today = today or timezone.localdate()
    branches = list(
        Organization.objects.visible_to(user, Action.DASHBOARD_VIEW)
        .in_subtree(organization)
        .filter(org_type__in=["branch", "general_branch"])
        .order_by("path")
    )
    _, compliance = meeting_selectors.compliance_figures(
        user=user, organization=organization, year=today.year, today=today, rollup=rollup
    )
    last = meeting_selectors.last_meetings(user=user, organization=organization, today=today)
    _, dues = dues_selectors.collection_figures(
        user=user, organization=organization, year=today.year, today=today
    )
    rows = []
    for branch in branches:
        counts = compliance.get(branch.pk, meeting_selectors.ComplianceCounts())
        collection = dues.get(branch.pk, dues_selectors.Collection())
        rows.append(
            BranchRow(
                org=branch,
                met=counts.met,
                missed=counts.missed,
                last_meeting=last.get(branch.pk),
                collection_rate=collection.rate,
                alerts=counts.attention + collection.arrears_alerts,
            )
        )
    descending = sort.startswith("-")
    attribute = COMPARISON_SORTS.get(sort.lstrip("-"))
    if attribute is None:
        return rows

    def value(row: BranchRow) -> Any:
        found = getattr(row, attribute)
        return found.name if isinstance(found, Organization) else found

    present = sorted((r for r in rows if value(r) is not None), key=value, reverse=descending)
    return present + [r for r in rows if value(r) is None]
