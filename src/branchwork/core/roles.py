"""Roles and what each may do: the one place that answers "may this role do that?".

A role is granted to a user on an organization and covers that organization and everything
under it (see branchwork.core.scoping). Add an action here before using it anywhere else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    ORGANIZATION = "organization", _("Organization committee member")
    PROPAGANDA = "propaganda", _("Propaganda committee member")
    DISCIPLINE = "discipline", _("Discipline inspection committee member")
    MEMBER = "member", _("Member")
    INSPECTOR = "inspector", _("Inspector (higher committee)")
    LEADER = "leader", _("Department leader")
    ENGINEER = "engineer", _("Road engineer")


class Action(models.TextChoices):
    ORG_VIEW = "org.view", _("See organizations, committees and their pages")
    ORG_MANAGE = "org.manage", _("Create and change organizations and committees")
    GRANT_MANAGE = "grant.manage", _("Grant and revoke roles")
    AUDIT_VIEW = "audit.view", _("Read the activity log")
    MEMBER_VIEW = "member.view", _("See member records")
    MEMBER_VIEW_PERSONAL = "member.view_personal", _("See full ID numbers, phones and incomes")
    MEMBER_MANAGE = "member.manage", _("Change member records")
    MEETING_VIEW = "meeting.view", _("See meetings")
    MEETING_MANAGE = "meeting.manage", _("Plan and record meetings")
    DUES_VIEW = "dues.view", _("See party dues")
    DUES_MANAGE = "dues.manage", _("Manage party dues")
    DUES_PUBLICATION = "dues.publication", _("Read the yearly publication of dues paid")
    INSPECTION_RECORD = "inspection.record", _("Record inspections")
    DASHBOARD_VIEW = "dashboard.view", _("See dashboards")
    ROADS_VIEW = "roads.view", _("See roads")
    ROADS_MANAGE = "roads.manage", _("Change roads, projects and surveys")
    ROADS_STANDARDS = "roads.standards", _("Edit condition-rating profiles")


A = Action
_BRANCH_READ = {A.ORG_VIEW, A.MEMBER_VIEW, A.MEETING_VIEW, A.DUES_VIEW, A.DUES_PUBLICATION}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Action.values),
    # The secretary answers for everything in the branch, dues included (issue 11): the
    # organization committee member usually keeps the ledger, the secretary can step in.
    Role.SECRETARY: frozenset(
        _BRANCH_READ
        | {
            A.ORG_MANAGE,
            A.GRANT_MANAGE,
            A.MEMBER_VIEW_PERSONAL,
            A.MEMBER_MANAGE,
            A.MEETING_MANAGE,
            A.DUES_MANAGE,
            A.DASHBOARD_VIEW,
            A.ROADS_VIEW,
        }
    ),
    Role.DEPUTY_SECRETARY: frozenset(
        _BRANCH_READ | {A.MEMBER_MANAGE, A.MEETING_MANAGE, A.DASHBOARD_VIEW, A.ROADS_VIEW}
    ),
    Role.ORGANIZATION: frozenset(
        _BRANCH_READ | {A.MEMBER_VIEW_PERSONAL, A.MEMBER_MANAGE, A.DUES_MANAGE}
    ),
    Role.PROPAGANDA: frozenset(_BRANCH_READ | {A.MEETING_MANAGE}),
    Role.DISCIPLINE: frozenset(_BRANCH_READ),
    # Members read the yearly publication of dues paid (党务公开); department-only roles
    # (leader, engineer) do not: dues reveal pay bands.
    Role.MEMBER: frozenset({A.ORG_VIEW, A.MEETING_VIEW, A.DUES_PUBLICATION}),
    Role.INSPECTOR: frozenset(_BRANCH_READ | {A.INSPECTION_RECORD, A.DASHBOARD_VIEW, A.ROADS_VIEW}),
    Role.LEADER: frozenset({A.ORG_VIEW, A.DASHBOARD_VIEW, A.ROADS_VIEW}),
    Role.ENGINEER: frozenset({A.ORG_VIEW, A.ROADS_VIEW, A.ROADS_MANAGE}),
}


# Roles that a holder of grant.manage (a secretary) may hand out in their organization: the
# branch committee's posts, members, and the department roles. Administrators and the higher
# committee's inspectors are appointed by an administrator.
BRANCH_GRANTABLE_ROLES: tuple[str, ...] = (
    Role.DEPUTY_SECRETARY,
    Role.ORGANIZATION,
    Role.PROPAGANDA,
    Role.DISCIPLINE,
    Role.MEMBER,
    Role.LEADER,
    Role.ENGINEER,
)


def role_allows(role: str, action: str) -> bool:
    return action in ROLE_ACTIONS.get(role, frozenset())


def roles_allowing(action: str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
