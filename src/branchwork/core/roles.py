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
    DEVELOPMENT_VIEW = "development.view", _("See the member development pipeline")
    DEVELOPMENT_MANAGE = "development.manage", _("Record member development steps")
    STUDY_VIEW = "study.view", _("See study plans, records and progress")
    STUDY_MANAGE = "study.manage", _("Plan study and record study hours")
    STANDARDS_VIEW = "standards.view", _("See standardization inspections and results")
    STANDARDS_MANAGE = "standards.manage", _("Self-assess the branch and run upgrade projects")
    RULES_VIEW = "rules.view", _("Read the branch's rules")
    RULES_MANAGE = "rules.manage", _("Draft and adopt the branch's rules")
    ACTIVITIES_VIEW = "activities.view", _("See activities, mass organizations and honors")
    ACTIVITIES_MANAGE = "activities.manage", _("Organize activities and record honors")
    CARE_VIEW = "care.view", _("See caring visits and the caring fund")
    CARE_MANAGE = "care.manage", _("Record caring visits and the caring fund")
    PUBLICITY_DRAFT = "publicity.draft", _("Draft news and openness items")
    PUBLICITY_REVIEW = "publicity.review", _("Review and publish news and openness items")
    ASSISTANCE_VIEW = "assistance.view", _("See poverty-alleviation assistance")
    ASSISTANCE_MANAGE = "assistance.manage", _("Record assistance, pairings and households")
    ASSISTANCE_VERIFY = "assistance.verify", _("Verify assistance ledger rows")


A = Action
_BRANCH_READ = {
    A.ORG_VIEW,
    A.MEMBER_VIEW,
    A.MEETING_VIEW,
    A.DUES_VIEW,
    A.DUES_PUBLICATION,
    A.DEVELOPMENT_VIEW,
    A.STUDY_VIEW,
    A.STANDARDS_VIEW,
    A.RULES_VIEW,
    A.ACTIVITIES_VIEW,
    A.ASSISTANCE_VIEW,
}

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
            A.DEVELOPMENT_MANAGE,
            A.STUDY_MANAGE,
            A.STANDARDS_MANAGE,
            A.RULES_MANAGE,
            A.ACTIVITIES_MANAGE,
            A.CARE_VIEW,
            A.CARE_MANAGE,
            A.PUBLICITY_DRAFT,
            A.PUBLICITY_REVIEW,
            A.ASSISTANCE_MANAGE,
            A.ASSISTANCE_VERIFY,
        }
    ),
    Role.DEPUTY_SECRETARY: frozenset(
        _BRANCH_READ
        | {
            A.MEMBER_MANAGE,
            A.MEETING_MANAGE,
            A.DASHBOARD_VIEW,
            A.ROADS_VIEW,
            A.DEVELOPMENT_MANAGE,
            A.STUDY_MANAGE,
            A.STANDARDS_MANAGE,
            A.RULES_MANAGE,
            A.ACTIVITIES_MANAGE,
            A.CARE_VIEW,
            A.CARE_MANAGE,
            A.PUBLICITY_DRAFT,
            A.ASSISTANCE_MANAGE,
        }
    ),
    # The organization committee member keeps the member files, the dues ledger and the
    # development register (发展党员工作台账).
    Role.ORGANIZATION: frozenset(
        _BRANCH_READ
        | {A.MEMBER_VIEW_PERSONAL, A.MEMBER_MANAGE, A.DUES_MANAGE, A.DEVELOPMENT_MANAGE}
    ),
    # The propaganda committee member runs study, activities and news, and reviews news.
    Role.PROPAGANDA: frozenset(
        _BRANCH_READ
        | {
            A.MEETING_MANAGE,
            A.STUDY_MANAGE,
            A.ACTIVITIES_MANAGE,
            A.PUBLICITY_DRAFT,
            A.PUBLICITY_REVIEW,
        }
    ),
    Role.DISCIPLINE: frozenset(_BRANCH_READ),
    # Members read the yearly publication of dues paid (党务公开); department-only roles
    # (leader, engineer) do not: dues reveal pay bands. Members read and acknowledge the
    # branch's rules and see and join activities; their own study, development file and
    # household pairings are shown to them through their "my" pages, not through these actions.
    Role.MEMBER: frozenset(
        {A.ORG_VIEW, A.MEETING_VIEW, A.DUES_PUBLICATION, A.RULES_VIEW, A.ACTIVITIES_VIEW}
    ),
    # The higher committee approves admissions and inspects standardization.
    Role.INSPECTOR: frozenset(
        _BRANCH_READ
        | {A.INSPECTION_RECORD, A.DASHBOARD_VIEW, A.ROADS_VIEW, A.ASSISTANCE_VIEW}
    ),
    # The department leader leads the unit's rules, caring visits and assistance work.
    Role.LEADER: frozenset(
        {
            A.ORG_VIEW,
            A.DASHBOARD_VIEW,
            A.ROADS_VIEW,
            A.RULES_VIEW,
            A.ACTIVITIES_VIEW,
            A.STANDARDS_VIEW,
            A.CARE_VIEW,
            A.ASSISTANCE_VIEW,
            A.ASSISTANCE_MANAGE,
        }
    ),
    Role.ENGINEER: frozenset(
        {A.ORG_VIEW, A.ROADS_VIEW, A.ROADS_MANAGE, A.RULES_VIEW, A.ACTIVITIES_VIEW}
    ),
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
