"""Shared fixtures: the persona tree built with factories, the demo data for the tests that still
need it, and personas.

New tests build what they need with ``persona_tree`` / ``make_persona`` and the factories in
``tests/factories.py``. The demo data (about 10 s to load) is loaded once per test process, and
only when a test that needs it runs: the tests under DEMO_PATHS below (not yet converted to
the factories), and modules that ask for it with ``pytest.mark.usefixtures("demo_data")`` (the
demo smoke test and the access matrix). Data the demo loads stays for the rest of the process,
so factory tests must not assume an empty database: they look only at their own tree (codes and
usernames start with "pt-").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from branchwork.core.audit import system_actor

# The day the test database's demo story ends (``branchwork demo --as-of``): tests that look at
# "today" on the demo data use this date.
DEMO_AS_OF = dt.date(2026, 11, 30)

# The author of changes a test makes without a persona (services require an actor).
TEST_ACTOR = system_actor("test")

# Demo personas: persona -> demo username (for the tests built on the demo data).
PERSONAS = {
    "admin": "admin",
    "secretary": "secretary",
    "deputy": "deputy",
    "organizer": "organizer",
    "propaganda": "propaganda",
    "discipline": "discipline",
    "member": "member",
    "inspector": "inspector",
    "leader": "leader",
    "engineer": "engineer",
    "outsider": "transport-secretary",
}

# Test directories still built on the demo data; remove an entry once its tests use the
# factories. (The browser tests load the demo themselves: tests/e2e/conftest.py demo_server.)
DEMO_PATHS = ("dues", "maintenance", "meetings", "members", "organizations", "roads")
_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    demo_dirs = tuple(_TESTS / name for name in DEMO_PATHS)
    for item in items:
        if (
            any(item.path.is_relative_to(d) for d in demo_dirs)
            and "demo_data" not in item.fixturenames
        ):
            # First, so that the demo is loaded (and committed) before the test's transaction.
            item.fixturenames.insert(0, "demo_data")


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once into this process's test database when first needed.

    Transactional tests empty the tables after them; pytest-django runs them after all the
    others, so the demo is not needed again once they start.
    """
    from django.db import connection

    from branchwork.demo.loader import load_demo

    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            # It would be rolled back with that transaction but still count as loaded.
            raise RuntimeError(
                "demo_data was first asked for inside an open transaction (a module using "
                "persona_tree?); ask for it for the whole module instead: "
                'pytestmark = pytest.mark.usefixtures("demo_data")'
            )
        load_demo(DEMO_AS_OF)


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Uploaded files go to a directory of this test process (one per xdist worker), and
    passwords are hashed with a fast hasher (PBKDF2 costs about 0.25 s per user made)."""
    from django.test import override_settings

    override = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language leaves it active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


# --- The persona tree (factories) ----------------------------------------------------------


@pytest.fixture(scope="module")
def _persona_tree_of_module(django_db_setup, django_db_blocker):
    """The persona tree, built once per test module inside a transaction that is rolled back
    after the module's last test (each test runs in a savepoint inside it). A module using it
    cannot also hold transactional tests (django_db(transaction=True))."""
    from django.db import transaction

    from tests.factories import build_persona_tree

    with django_db_blocker.unblock(), transaction.atomic():
        tree = build_persona_tree()
        yield tree
        transaction.set_rollback(True)


@pytest.fixture
def persona_tree(_persona_tree_of_module, db):
    """The persona tree of tests/factories.py (built once per module, fresh objects per test;
    what a test changes is rolled back after it).

    ``persona_tree.users["secretary"]``, ``.orgs["branch"]``, ``.members["probationary"]``,
    ``.meetings["general"]``, ``.bases``, ``.client("secretary")`` (a signed-in test client;
    "anonymous" for none).
    """
    return _persona_tree_of_module.fresh()


@pytest.fixture
def make_persona(db):
    """make_persona(role, organization, name=None, actor=None) -> a new user with that grant."""
    from tests.factories import make_persona as make

    return make


# --- Demo personas (tests still built on the demo data) ------------------------------------


def login_client(username: str | None) -> Client:
    from branchwork.accounts.models import User

    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def as_persona(db):
    """as_persona("secretary") -> a test client signed in as that demo persona."""

    def make(name: str) -> Client:
        return login_client(PERSONAS.get(name) if name != "anonymous" else None)

    return make


@pytest.fixture
def user_named(db):
    from branchwork.accounts.models import User

    def get(name: str) -> User:
        return User.objects.get(username=PERSONAS.get(name, name))

    return get
