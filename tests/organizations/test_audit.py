"""Every organization service that writes leaves activity lines naming its actor."""

from __future__ import annotations

import datetime as dt

import pytest

from branchwork.core.models import AuditEvent
from branchwork.organizations import services
from branchwork.organizations.models import Organization

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def _organization_create(actor):
    services.organization_create(
        actor=actor,
        parent=highway(),
        code="tr-highway-g9",
        name="第九党小组",
        org_type="party_group",
    )


def _organization_update(actor):
    services.organization_update(actor=actor, organization=highway(), notes="audited")


def _committee_create(actor):
    services.committee_create(
        actor=actor,
        organization=highway(),
        term_start=dt.date(2026, 1, 5),
        posts=[("secretary", "张伟", None)],
    )


@pytest.mark.parametrize(
    "write, models",
    [
        (_organization_create, {"organizations.organization"}),
        (_organization_update, {"organizations.organization"}),
        (
            _committee_create,
            {"organizations.committee", "organizations.committeepost"},
        ),
    ],
)
def test_every_organization_write_is_audited_with_its_actor(write, models, user_named):
    AuditEvent.objects.all().delete()
    write(user_named("secretary"))
    events = list(AuditEvent.objects.all())
    assert models <= {e.model for e in events}
    assert {e.actor_name for e in events} == {"secretary"}
