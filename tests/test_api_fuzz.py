"""Schemathesis over the whole OpenAPI schema (issue 13 §2), as an administrator and as a
member, with a fixed seed and a bounded budget: no server error, no response outside its
documented schema or statuses, no request valid by the schema refused as malformed (400).

Budget: FUZZ_EXAMPLES examples per operation and persona (derandomized, so every run sends
the same requests). Writes land in the test transaction and are rolled back after each
operation.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.usefixtures("demo_data")

FUZZ_EXAMPLES = int(os.environ.get("BRANCHWORK_FUZZ_EXAMPLES", "6"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

# Text the API refuses whatever the schema says (stored text may not hold them; issue 13).
UNSTORABLE = ("Text may not contain NUL characters.", "Text may not contain lone surrogates.")
# A date outside core.dates.DATE_MIN-DATE_MAX: the schema says the range in the date's
# description (JSON Schema cannot bound a date string).
OUTSIDE_DATES = "is outside the dates Branchwork keeps"


def _documented_refusal(message: str) -> bool:
    return message in UNSTORABLE or OUTSIDE_DATES in message


def valid_request_not_refused_as_malformed(ctx, response, case):
    """A request the schema calls valid may break a rule (422 "The request breaks a rule."),
    name something that is not there (404) or be forbidden (403), but it is never refused as
    malformed: 400, or 422 "The request is not valid." (the schema promised more than the
    input validation accepts)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    malformed = response.status_code == 400
    if response.status_code == 422:
        error = response.json()["error"]
        details = [d["message"] for d in error["details"]]
        malformed = error["message"] == "The request is not valid." and not all(
            _documented_refusal(d) for d in details
        )
    if malformed:
        raise AssertionError(
            f"A request valid by the schema was refused as malformed: {response.status_code} "
            f"{response.text[:500]}"
        )
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    valid_request_not_refused_as_malformed,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls Django's own WSGI handler, which closes old connections when a
    request starts and finishes. The test client turns that off (its ClientHandler); a raw
    WSGI call does not. On SQLite's in-memory test database closing is a no-op, but on
    PostgreSQL it drops the connection holding the test transaction, and every later query
    fails with "the connection is closed". Turn it off here too, as the test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    """Authorization headers per persona: a fresh personal token each."""
    from branchwork.accounts.models import User
    from branchwork.accounts.services import token_create

    def make(username: str) -> dict[str, str]:
        user = User.objects.get(username=username)
        _token, raw = token_create(actor=user, name="schemathesis")
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.mark.parametrize("persona", ["admin", "member"])
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_schema(case, persona, bearer):
    case.call_and_validate(headers=bearer(persona), checks=CHECKS)
