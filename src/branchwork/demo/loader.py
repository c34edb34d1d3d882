"""Load the demo data idempotently: running it twice changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from branchwork.accounts import services as account_services
from branchwork.accounts.models import RoleGrant, User
from branchwork.core import crypto
from branchwork.demo import data
from branchwork.demo.activities import load_activities
from branchwork.demo.assistance import load_assistance
from branchwork.demo.corrections import load_corrections
from branchwork.demo.data import DEMO_ACTOR
from branchwork.demo.development import load_development
from branchwork.demo.dues import load_dues
from branchwork.demo.honors import load_honors
from branchwork.demo.maintenance import load_maintenance
from branchwork.demo.meetings import load_meetings
from branchwork.demo.publicity import load_publicity
from branchwork.demo.regulations import load_regulations
from branchwork.demo.roads import load_roads, load_targets
from branchwork.demo.standards import load_standards
from branchwork.demo.study import load_study
from branchwork.members import services as member_services
from branchwork.members.models import Member
from branchwork.members.rules import id_check_character
from branchwork.organizations import services as org_services
from branchwork.organizations.models import Organization


def _org(code: str, parent: Organization | None, **fields) -> Organization:
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return org_services.organization_create(actor=DEMO_ACTOR, parent=parent, code=code, **fields)


@transaction.atomic
def load_demo(as_of: dt.date | None = None) -> dict[str, int]:
    """Load the demo branch, its history from the article (2017-2019) continued up to
    ``as_of`` (default: today): every date after the article's is computed from ``as_of``, so
    the demo ends "last month" whenever it is loaded. Idempotent: each part is skipped when it
    is already there. Returns how many of each kind were created."""
    as_of = as_of or timezone.localdate()
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "The demo data cannot be loaded under BRANCHWORK_ENV=production."
        )
    before = (Organization.objects.count(), User.objects.count(), RoleGrant.objects.count())

    orgs: dict[str, Organization] = {}
    for code, name, short, kind, parent, host, founded, demo_since, notes in data.ORGANIZATIONS:
        orgs[code] = _org(
            code,
            orgs.get(parent) if parent else None,
            name=name,
            short_name=short,
            org_type=kind,
            host_unit=host,
            founded_on=founded,
            demonstration_since=demo_since,
            notes=notes,
        )
    for code, name, host in data.OTHER_DEMONSTRATION_BRANCHES:
        orgs[code] = _org(
            code,
            orgs["tr-organs"],
            name=name,
            org_type="branch",
            host_unit=host,
            demonstration_since=orgs["tr-highway"].demonstration_since,
            notes=data.DEMO_NOTE,
        )
    for code, name, short in data.PARTY_GROUPS:
        orgs[code] = _org(
            code,
            orgs["tr-highway"],
            name=name,
            short_name=short,
            org_type="party_group",
            notes=data.DEMO_NOTE,
        )

    highway = orgs["tr-highway"]
    for start, names in data.COMMITTEE_TERMS:
        if not highway.committees.filter(term_start=start).exists():
            org_services.committee_create(
                actor=DEMO_ACTOR,
                organization=highway,
                term_start=start,
                elected_on=start,
                notes=data.DEMO_NOTE,
                posts=[(p, n, None) for p, n in zip(data.COMMITTEE_POSTS, names, strict=True)],
            )

    users: dict[str, User] = {}
    for username, display, role, org_code in [*data.USERS, data.OTHER_BRANCH_USER]:
        user = User.objects.filter(username=username).first() or account_services.user_create(
            actor=DEMO_ACTOR, username=username, password=data.DEMO_PASSWORD, display_name=display
        )
        users[username] = user
        _grant(user, role, orgs[org_code])
    for username, role, org_code in data.EXTRA_GRANTS:
        _grant(users[username], role, orgs[org_code])

    members_before = Member.objects.count()
    _load_members(highway, users, orgs, as_of)
    meetings = load_meetings(as_of)
    payments = load_dues(as_of)
    road_projects = load_roads(as_of)
    load_targets()
    surveyed_units = load_maintenance(as_of)
    load_corrections()
    load_study(as_of)
    load_regulations(as_of)
    load_activities(as_of)
    load_honors(as_of)
    load_publicity(as_of)
    load_development(as_of)
    load_standards(as_of)
    load_assistance(as_of)

    after = (Organization.objects.count(), User.objects.count(), RoleGrant.objects.count())
    return {
        "organizations": after[0] - before[0],
        "users": after[1] - before[1],
        "grants": after[2] - before[2],
        "members": Member.objects.count() - members_before,
        "meetings": meetings,
        "payments": payments,
        "road_projects": road_projects,
        "surveyed_units": surveyed_units,
    }


def demo_id_number(county: str, birth: dt.date, gender: str, serial: int) -> str:
    sequence = serial * 2 + (1 if gender == "male" else 0)  # odd for men, even for women
    body = f"{county}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_character(body)


def _load_members(
    highway: Organization, users: dict[str, User], orgs: dict[str, Organization], as_of: dt.date
) -> None:
    for serial, row in enumerate(data.MEMBERS, start=10):
        (
            name,
            username,
            gender,
            ethnicity,
            birth,
            county,
            education,
            phone,
            post,
            title,
            group,
            posts,
            admitted,
            converted,
        ) = row
        number = demo_id_number(county, birth, gender, serial)
        if Member.objects.filter(id_number_hash=crypto.lookup_hash(number)).exists():
            continue
        if admitted is None:
            admitted = data.probationary_admitted_on(as_of)
        member = member_services.member_create(
            actor=DEMO_ACTOR,
            organization=highway,
            data={
                "name": name,
                "gender": gender,
                "ethnicity": ethnicity,
                "birth_date": birth,
                "id_number": number,
                "native_place": "贵州铜仁",
                "education": education,
                "phone": phone,
                "work_unit": "铜仁市公路管理局",
                "post": post,
                "job_title": title,
                "category": "full" if converted else "probationary",
                "admitted_on": admitted,
                "converted_on": converted,
                "party_group": orgs[group],
                "party_posts": posts,
                "notes": data.DEMO_NOTE,
            },
        )
        if username:
            member_services.member_link_user(actor=DEMO_ACTOR, member=member, user=users[username])


def _grant(user: User, role: str, org: Organization) -> None:
    if not RoleGrant.objects.filter(user=user, role=role, organization=org).exists():
        account_services.grant_create(actor=DEMO_ACTOR, user=user, organization=org, role=role)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, organization) for every demo login, for the README and `make run`."""
    from branchwork.core.roles import Role

    rows = [*data.USERS, data.OTHER_BRANCH_USER]
    names = {code: name for code, name, *_ in data.ORGANIZATIONS}
    names.update({code: name for code, name, _ in data.OTHER_DEMONSTRATION_BRANCHES})
    return [(u, str(Role(r).label), names.get(o, o)) for u, _d, r, o in rows]
