"""The main navigation as data: each entry names the action a user needs to see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from branchwork.core.roles import Action


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: str | None  # None: every signed-in user
    icon: str = ""


NAV_ITEMS = [
    NavItem(_("Home"), "core:home", None),
    NavItem(_("Members"), "members:list", Action.MEMBER_VIEW),
    NavItem(_("Meetings"), "meetings:list", Action.MEETING_VIEW),
    NavItem(_("Dues"), "dues:sheet", Action.DUES_VIEW),
    NavItem(_("Roads"), "roads:dashboard", Action.ROADS_VIEW),
    NavItem(_("Maintenance"), "maintenance:overview", Action.ROADS_VIEW),
    NavItem(_("My record"), "members:me", None),
    NavItem(_("My dues"), "dues:me", None),
    NavItem(_("Organizations"), "organizations:list", Action.ORG_VIEW),
    NavItem(_("Activity"), "core:activity", Action.AUDIT_VIEW),
    NavItem(_("Study"), "study:progress", Action.STUDY_VIEW),
    NavItem(_("My study"), "study:me", None),
    NavItem(_("Rules"), "regulations:list", Action.RULES_VIEW),
    NavItem(_("Activities"), "activities:list", Action.ACTIVITIES_VIEW),
    NavItem(_("Honors"), "honors:list", Action.ACTIVITIES_VIEW),
    NavItem(_("News"), "publicity:list", Action.PUBLICITY_DRAFT),
    NavItem(_("Development"), "development:list", Action.DEVELOPMENT_VIEW),
    NavItem(_("Standardization"), "standards:index", Action.STANDARDS_VIEW),
    NavItem(_("Assistance"), "assistance:ledger", Action.ASSISTANCE_VIEW),
    NavItem(_("My pairings"), "assistance:me", None),
    NavItem(_("Dashboard"), "dashboard:index", Action.DASHBOARD_VIEW),
]
