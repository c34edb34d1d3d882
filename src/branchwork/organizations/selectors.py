"""Reads of organizations and committees, always starting from the scoped queryset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, scope
from branchwork.organizations import rules
from branchwork.organizations.models import Committee, CommitteePost, Organization


def organizations_visible(user: Any, action: str = Action.ORG_VIEW) -> QuerySet[Organization]:
    return scope(Organization.objects.all(), user, action)


def organization_get(user: Any, code: str) -> Organization:
    return get_scoped(Organization.objects.select_related("parent"), user, code=code)


def organization_list(user: Any) -> QuerySet[Organization]:
    return (
        organizations_visible(user)
        .select_related("parent")
        .annotate(child_count=Count("children", distinct=True))
        .order_by("path")
    )


def subtree(org: Organization) -> QuerySet[Organization]:
    """The organization and everything under it: one prefix match on the indexed path."""
    return Organization.objects.filter(path__startswith=org.path)


def committees_of(org: Organization) -> QuerySet[Committee]:
    posts = CommitteePost.objects.select_related("user").order_by("order", "id")
    return org.committees.prefetch_related(Prefetch("posts", queryset=posts)).order_by(
        "-term_start"
    )


def committee_get(user: Any, org: Organization, pk: int) -> Committee:
    return get_scoped(committees_of(org), user, pk=pk)


@dataclass
class OrganizationOverview:
    org: Organization
    children: list[Organization]
    committees: list[Committee]
    current_committee: Committee | None
    findings: list[rules.Finding] = field(default_factory=list)


def organization_overview(org: Organization) -> OrganizationOverview:
    """What the home and detail pages show: 3 queries whatever the size of the branch."""
    today = timezone.localdate()
    children = list(
        org.children.annotate(child_count=Count("children")).order_by("org_type", "code")
    )
    committees = list(committees_of(org))
    current = next((c for c in committees if c.is_current(today)), None)
    findings: list[rules.Finding] = []
    if org.org_type in rules.TYPES_WITH_COMMITTEE:
        if current is not None:
            findings += rules.check_term(current.term_start, current.term_end, today)
            findings += rules.check_committee(None, len(current.posts.all()))
        elif committees:
            latest = committees[0]
            findings += rules.check_term(latest.term_start, latest.term_end, today)
    return OrganizationOverview(
        org=org,
        children=children,
        committees=committees,
        current_committee=current,
        findings=findings,
    )


def organization_for_request(request: Any) -> Organization:
    """The organization a page is about: ?org=CODE (scoped: 404 outside the user's
    organizations), else the organization the user is working in."""
    from django.http import Http404

    from branchwork.core.current import current_organization

    code = request.GET.get("org") or request.POST.get("org")
    if code:
        return organization_get(request.user, code)
    org = current_organization(request)
    if org is None:
        raise Http404
    return org
