"""factory-boy factories that build test data through the services (so the data passes the same
validation and leaves the same activity lines as real use), and the persona tree.

The persona tree is small: a root committee, a work committee under it, two branches under
that, each with party groups, one user per persona with the role grant that makes them that
persona, a few members (valid GB 11643 ID numbers), two meetings and two dues bases.

    root (committee, pt-root)                         admin
    └── organs (committee, pt-organs)                 inspector
        ├── branch (branch, pt-branch)                secretary, deputy, organizer, propaganda,
        │   ├── g1 (party group, pt-branch-g1)        discipline, member, leader, engineer
        │   └── g2 (party group, pt-branch-g2)
        └── other (branch, pt-other)                  outsider (the other branch's secretary)
            └── other-g1 (party group, pt-other-g1)

Codes and usernames start with "pt-" so the tree can sit next to the demo data, which the tests
not yet converted still load (see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import factory
from django.test import Client
from django.utils import timezone

from branchwork.core.roles import Role
from branchwork.members.rules import id_check_character

PASSWORD = "a-Fine-test-pass-2026"
PREFIX = "pt-"


def _actor() -> Any:
    from tests.conftest import TEST_ACTOR

    return TEST_ACTOR


# --- Organizations -------------------------------------------------------------------------


class OrganizationFactory(factory.Factory):
    """An organization made by organizations.services.organization_create."""

    class Meta:
        model = dict  # built by the service in _create, never by the model class

    actor = factory.LazyFunction(_actor)
    parent = None
    code = factory.Sequence(lambda n: f"{PREFIX}org-{n}")
    name = factory.LazyAttribute(lambda o: f"测试组织 {o.code}")
    org_type = "branch"
    short_name = ""
    host_unit = "测试单位"
    founded_on = None
    demonstration_since = None
    notes = ""

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.organizations.services import organization_create

        return organization_create(**kwargs)

    _build = _create


# --- Users and role grants -----------------------------------------------------------------


class UserFactory(factory.Factory):
    """A user made by accounts.services.user_create (the password validators run)."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    username = factory.Sequence(lambda n: f"{PREFIX}user-{n}")
    password = PASSWORD
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = ""

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.accounts.services import user_create

        return user_create(**kwargs)

    _build = _create


class GrantFactory(factory.Factory):
    """A role grant made by accounts.services.grant_create."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.accounts.services import grant_create

        return grant_create(**kwargs)

    _build = _create


# --- Members -------------------------------------------------------------------------------

_serials = itertools.count(1)


def id_number(
    *, county: str = "520602", birth: dt.date = dt.date(1980, 1, 1), gender: str = "male"
) -> str:
    """A valid GB 11643 citizen ID number, unique within the test run: the 17th digit is odd for
    men and even for women, the 18th is the ISO 7064 MOD 11-2 check character."""
    serial = next(_serials) % 500
    sequence = serial * 2 + (1 if gender == "male" else 0)
    body = f"{county}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_character(body)


class MemberFactory(factory.Factory):
    """A member made by members.services.member_create; keyword ``organization`` is the branch,
    the other attributes are the member's data (the shape of MemberForm.cleaned_data)."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"党员{n:03d}")
    gender = "male"
    ethnicity = "01"
    birth_date = dt.date(1980, 1, 1)
    id_number = factory.LazyAttribute(lambda o: id_number(birth=o.birth_date, gender=o.gender))
    native_place = "贵州铜仁"
    education = ""
    phone = ""
    work_unit = "测试单位"
    post = ""
    job_title = ""
    category = "full"
    admitted_on = dt.date(2005, 7, 1)
    converted_on = factory.LazyAttribute(
        lambda o: None if o.category == "probationary" else dt.date(o.admitted_on.year + 1, 7, 1)
    )
    party_group = None
    party_posts = ""
    user = None

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.core.audit import save_as
        from branchwork.members.rules import parse_id_number
        from branchwork.members.services import member_create

        # The member form's check: a valid number whose birth date and gender match the record.
        info = parse_id_number(kwargs["id_number"])
        if (info.birth_date, info.gender) != (kwargs["birth_date"], kwargs["gender"]):
            raise ValueError(f"{kwargs['id_number']} does not match the birth date and gender")
        actor = kwargs.pop("actor")
        organization = kwargs.pop("organization")
        user = kwargs.pop("user")
        member = member_create(actor=actor, organization=organization, data=kwargs)
        if user is not None:
            member.user = user
            save_as(member, actor, note="linked to an account")
        return member

    _build = _create


# --- Meetings and dues ---------------------------------------------------------------------


class MeetingFactory(factory.Factory):
    """A meeting made by meetings.services.meeting_save (the kind and date checks run)."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    organization = factory.SubFactory(OrganizationFactory)
    kind = "general_meeting"
    state = "held"
    date = dt.date(2024, 3, 15)
    start_time = dt.time(15, 0)
    place = "党员活动室"
    topic = "学习党章"
    host = "测试主持人"
    recorder = "测试记录人"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.meetings.services import meeting_save

        actor = kwargs.pop("actor")
        organization = kwargs.pop("organization")
        return meeting_save(actor=actor, organization=organization, data=kwargs)

    _build = _create


class FeeBasisFactory(factory.Factory):
    """A dues basis made by dues.services.basis_set (the fee is quoted by the dues rules)."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    member = factory.SubFactory(MemberFactory)
    category = "employed"
    base = Decimal("4200.00")
    effective_from = dt.date(2024, 1, 1)
    payslip_items = ""
    note = ""

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.dues.services import basis_set

        return basis_set(**kwargs)

    _build = _create


# --- The persona tree ----------------------------------------------------------------------

# persona -> (role, organization key in PersonaTree.orgs); extra grants below.
PERSONA_ROLES: dict[str, tuple[str, str]] = {
    "admin": (Role.ADMIN, "root"),
    "secretary": (Role.SECRETARY, "branch"),
    "deputy": (Role.DEPUTY_SECRETARY, "branch"),
    "organizer": (Role.ORGANIZATION, "branch"),
    "propaganda": (Role.PROPAGANDA, "branch"),
    "discipline": (Role.DISCIPLINE, "branch"),
    "member": (Role.MEMBER, "branch"),
    "inspector": (Role.INSPECTOR, "organs"),
    "leader": (Role.LEADER, "branch"),
    "engineer": (Role.ENGINEER, "branch"),
    "outsider": (Role.SECRETARY, "other"),
}
# As in the demo: the secretary also belongs to party group 1 (the organization switcher shows),
# the member to party group 2.
EXTRA_GRANTS = [("secretary", Role.MEMBER, "g1"), ("member", Role.MEMBER, "g2")]

DISPLAY_NAMES = {
    "admin": "系统管理员",
    "secretary": "张书记",
    "deputy": "李副书记",
    "organizer": "赵组织委员",
    "propaganda": "刘宣传委员",
    "discipline": "陈纪检委员",
    "member": "周党员",
    "inspector": "吴督查",
    "leader": "孙领导",
    "engineer": "杨工程师",
    "outsider": "黄书记",
}


def username(persona: str) -> str:
    """The username of a persona in the tree (``pt-secretary``)."""
    return f"{PREFIX}{persona}"


@dataclass
class PersonaTree:
    orgs: dict[str, Any]
    users: dict[str, Any]
    members: dict[str, Any] = field(default_factory=dict)
    meetings: dict[str, Any] = field(default_factory=dict)
    bases: list[Any] = field(default_factory=list)
    committees: dict[str, Any] = field(default_factory=dict)

    def client(self, persona: str | None) -> Client:
        """A test client signed in as the persona (None or "anonymous": signed out)."""
        client = Client()
        if persona not in (None, "anonymous"):
            client.force_login(self.users[persona])
        return client

    @property
    def branch(self) -> Any:
        return self.orgs["branch"]

    def fresh(self) -> PersonaTree:
        """The same tree read again from the database (a test may change the objects it was
        given; the next test gets them as stored)."""

        def reread(objects: dict[str, Any]) -> dict[str, Any]:
            if not objects:
                return {}
            model = type(next(iter(objects.values())))
            found = model.objects.in_bulk([o.pk for o in objects.values()])
            return {key: found[o.pk] for key, o in objects.items()}

        bases = reread({str(i): b for i, b in enumerate(self.bases)})
        return PersonaTree(
            orgs=reread(self.orgs),
            users=reread(self.users),
            members=reread(self.members),
            meetings=reread(self.meetings),
            bases=list(bases.values()),
            committees=reread(self.committees),
        )


def build_persona_tree() -> PersonaTree:
    """Build the tree described in the module docstring through the services."""
    from branchwork.organizations.services import committee_create

    org = OrganizationFactory.create
    root = org(code=f"{PREFIX}root", name="测试市委", org_type="committee")
    organs = org(code=f"{PREFIX}organs", name="测试机关工委", org_type="committee", parent=root)
    branch = org(
        code=f"{PREFIX}branch",
        name="测试支部委员会",
        short_name="测试支部",
        parent=organs,
        founded_on=dt.date(1985, 7, 1),
    )
    other = org(code=f"{PREFIX}other", name="另一支部委员会", parent=organs)
    orgs = {
        "root": root,
        "organs": organs,
        "branch": branch,
        "g1": org(
            code=f"{PREFIX}branch-g1", name="第一党小组", org_type="party_group", parent=branch
        ),
        "g2": org(
            code=f"{PREFIX}branch-g2", name="第二党小组", org_type="party_group", parent=branch
        ),
        "other": other,
        "other-g1": org(
            code=f"{PREFIX}other-g1", name="另一支部党小组", org_type="party_group", parent=other
        ),
    }
    # The branch committee in office: five members elected in January of last year.
    term_start = dt.date(timezone.localdate().year - 1, 1, 10)
    committee_posts = ["secretary", "deputy_secretary", "organization", "propaganda", "discipline"]
    holders = [DISPLAY_NAMES[p] for p in ("secretary", "deputy", "organizer", "propaganda")]
    holders.append(DISPLAY_NAMES["discipline"])
    committee, _warnings = committee_create(
        actor=_actor(),
        organization=branch,
        term_start=term_start,
        elected_on=term_start,
        posts=[(p, n, None) for p, n in zip(committee_posts, holders, strict=True)],
    )
    users = {}
    for persona, (role, where) in PERSONA_ROLES.items():
        users[persona] = UserFactory.create(
            username=username(persona), display_name=DISPLAY_NAMES[persona]
        )
        GrantFactory.create(user=users[persona], organization=orgs[where], role=role)
    for persona, role, where in EXTRA_GRANTS:
        GrantFactory.create(user=users[persona], organization=orgs[where], role=role)

    members = {
        "secretary": MemberFactory.create(
            organization=branch, name="张书记", party_group=orgs["g1"], user=users["secretary"]
        ),
        "member": MemberFactory.create(
            organization=branch,
            name="周党员",
            gender="female",
            birth_date=dt.date(1990, 5, 20),
            party_group=orgs["g2"],
            user=users["member"],
        ),
        "probationary": MemberFactory.create(
            organization=branch,
            name="钱预备",
            birth_date=dt.date(1998, 9, 1),
            category="probationary",
            admitted_on=dt.date(2024, 7, 1),
            party_group=orgs["g2"],
        ),
        "other": MemberFactory.create(organization=other, name="黄书记", user=users["outsider"]),
    }
    meetings = {
        "general": MeetingFactory.create(organization=branch),
        "group": MeetingFactory.create(
            organization=orgs["g1"], kind="group_meeting", date=dt.date(2024, 3, 20)
        ),
    }
    bases = [
        FeeBasisFactory.create(member=members["secretary"], base=Decimal("6800.00")),
        FeeBasisFactory.create(member=members["member"], base=Decimal("4200.00")),
    ]
    return PersonaTree(
        orgs=orgs,
        users=users,
        members=members,
        meetings=meetings,
        bases=bases,
        committees={"branch": committee},
    )


def make_persona(
    role: str, organization: Any, *, name: str | None = None, actor: Any = None
) -> Any:
    """A new user holding ``role`` (a core.roles.Role value) on ``organization``.

    ``actor`` grants the role (default TEST_ACTOR, which may grant any role); pass a persona to
    have the grant checked against what that persona may hand out.
    """
    user = UserFactory.create(**({"username": name} if name else {}))
    GrantFactory.create(user=user, organization=organization, role=role, actor=actor or _actor())
    return user
