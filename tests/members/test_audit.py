"""Every member service that writes leaves activity lines naming its actor; the import
leaves one bulk line with the count."""

from __future__ import annotations

import datetime as dt

import pytest

from branchwork.core.models import AuditEvent
from branchwork.members import services
from branchwork.members.forms import MemberForm
from branchwork.members.models import CorrectionRequest, Member
from branchwork.organizations.models import Organization
from tests.members.helpers import member_data

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def _valid(serial: int = 950) -> dict:
    form = MemberForm(member_data(serial=serial), organization=highway())
    assert form.is_valid(), form.errors
    return form.cleaned_data


def _member() -> Member:
    return Member.objects.get(name="周敏")


def _create(actor):
    services.member_create(actor=actor, organization=highway(), data=_valid())


def _update(actor):
    services.member_update(actor=actor, member=_member(), data={"post": "新岗位"})


def _status(actor):
    services.member_change_status(
        actor=actor,
        member=_member(),
        status="mobile",
        effective_on=dt.date(2026, 3, 1),
        detail="浙江杭州",
        reason="外出学习",
    )


def _transfer_out(actor):
    services.member_transfer_out(
        actor=actor, member=_member(), issued_on=dt.date(2026, 3, 1), to_name="外单位党支部"
    )


def _transfer_in(actor):
    services.member_transfer_in(
        actor=actor,
        organization=highway(),
        data=_valid(951),
        from_name="外单位党支部",
        letter_number="001",
        issued_on=dt.date(2026, 3, 1),
        received_on=dt.date(2026, 3, 2),
    )


def _correction(actor):
    request = services.correction_request(
        actor=actor, member=_member(), field="post", requested_value="新岗位", explanation=""
    )
    services.correction_decide(actor=actor, request=request, approve=True)


def _account(actor):
    member = Member.objects.filter(user__isnull=True, organization__code="tr-highway").first()
    services.member_account_create(actor=actor, member=member, username="new-login")


@pytest.mark.parametrize(
    "write, models",
    [
        (_create, {"members.member"}),
        (_update, {"members.member"}),
        (_status, {"members.statuschange", "members.member"}),
        (_transfer_out, {"members.transfer", "members.statuschange", "members.member"}),
        (_transfer_in, {"members.transfer", "members.member"}),
        (_correction, {"members.correctionrequest", "members.member"}),
        (_account, {"accounts.user", "accounts.rolegrant", "members.member"}),
    ],
)
def test_every_member_write_is_audited_with_its_actor(write, models, user_named):
    AuditEvent.objects.all().delete()
    pending = CorrectionRequest.objects.filter(state="pending").count()  # the demo's own
    write(user_named("secretary"))
    events = list(AuditEvent.objects.all())
    assert {e.model for e in events} == models
    assert {e.actor_name for e in events} == {"secretary"}
    assert CorrectionRequest.objects.filter(state="pending").count() == pending


def test_an_import_leaves_one_bulk_line_with_the_count(user_named):
    AuditEvent.objects.all().delete()
    rows = [_valid(960 + i) for i in range(3)]
    assert (
        services.members_import(
            actor=user_named("secretary"), organization=highway(), rows=rows, source="roll.xlsx"
        )
        == 3
    )
    (event,) = AuditEvent.objects.all()
    assert (event.kind, event.model, event.actor_name) == ("bulk", "members.member", "secretary")
    assert event.changes == {"count": [None, 3]} and event.org_path == highway().path
