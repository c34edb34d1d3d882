"""Shared fixtures: the demo data (loaded once per test database) and personas.

Personas are the demo users of the article's branch plus an outsider (the secretary of another
branch) and an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from branchwork.core.audit import system_actor
from branchwork.demo.loader import load_demo

# The day the test database's demo story ends (``branchwork demo --as-of``): tests that look at
# "today" on the demo data use this date.
DEMO_AS_OF = dt.date(2026, 11, 30)

# The author of changes a test makes without a persona (services require an actor).
TEST_ACTOR = system_actor("test")

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo(DEMO_AS_OF)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language leaves it active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def login_client(username: str | None) -> Client:
    from branchwork.accounts.models import User

    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def as_persona(db):
    """as_persona("secretary") -> a test client signed in as that persona."""

    def make(name: str) -> Client:
        return login_client(PERSONAS.get(name) if name != "anonymous" else None)

    return make


@pytest.fixture
def user_named(db):
    from branchwork.accounts.models import User

    def get(name: str) -> User:
        return User.objects.get(username=PERSONAS.get(name, name))

    return get
