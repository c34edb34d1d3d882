"""Every write to members: create, update, status changes, transfers, corrections, imports,
and the audit lines for reading personal data and exporting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branchwork.core import audit, crypto
from branchwork.core.audit import acting_user
from branchwork.core.models import AuditEvent
from branchwork.members import rules
from branchwork.members.models import CorrectionRequest, Member, StatusChange, Transfer
from branchwork.members.search import pinyin_keys
from branchwork.organizations.models import Organization

EDITABLE = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "native_place",
    "education",
    "phone",
    "work_unit",
    "post",
    "job_title",
    "category",
    "admitted_on",
    "converted_on",
    "probation_extension_months",
    "party_group",
    "party_posts",
    "disciplinary_probation_until",
    "notes",
)


_user = acting_user


def _apply(member: Member, data: dict[str, Any]) -> None:
    for field in EDITABLE:
        if field in data:
            value = data[field]
            if value is None and not Member._meta.get_field(field).null:
                value = ""  # empty text fields are stored as "", not NULL
            setattr(member, field, value)
    if "id_number" in data:
        number = data["id_number"]
        member.id_number_encrypted = crypto.encrypt(number)
        member.id_number_hash = crypto.lookup_hash(number)
        member.id_last4 = number[-4:]
        member.id_prefix6 = number[:6]
    member.name_pinyin, member.name_initials = pinyin_keys(member.name)


def build_member(organization: Organization, data: dict[str, Any]) -> Member:
    """An unsaved member from validated data (MemberForm.cleaned_data)."""
    member = Member(organization=organization, status=rules.Status.NORMAL)
    _apply(member, data)
    member.status_since = data.get("admitted_on")
    return member


@transaction.atomic
def member_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Member:
    member = build_member(organization, data)
    member._history_user = _user(actor)
    member.save()
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, data: dict[str, Any]) -> Member:
    _apply(member, data)
    member._history_user = _user(actor)
    member.save()
    return member


@transaction.atomic
def member_change_status(
    *,
    actor: Any,
    member: Member,
    status: str,
    effective_on: dt.date,
    reason: str,
    detail: str = "",
) -> StatusChange:
    if member.status in rules.FINAL_STATUSES:
        raise ValidationError(
            {
                "status": [
                    _("%(name)s is %(status)s; the record can no longer change status.")
                    % {"name": member.name, "status": member.get_status_display()}
                ]
            }
        )
    if status == member.status and detail == member.status_detail:
        raise ValidationError({"status": [_("The member already has this status.")]})
    if member.status_since and effective_on < member.status_since:
        raise ValidationError(
            {
                "effective_on": [
                    _(
                        "The current status has applied since %(date)s; "
                        "a change cannot be dated earlier."
                    )
                    % {"date": member.status_since.isoformat()}
                ]
            }
        )
    change = StatusChange(
        member=member,
        status=status,
        previous_status=member.status,
        effective_on=effective_on,
        detail=detail,
        reason=reason,
        actor=_user(actor),
    )
    change._history_user = _user(actor)
    change.save()
    member.status = status
    member.status_since = effective_on
    member.status_detail = detail
    member._history_user = _user(actor)
    member.save(update_fields=["status", "status_since", "status_detail"])
    return change


@transaction.atomic
def member_transfer_out(
    *,
    actor: Any,
    member: Member,
    issued_on: dt.date,
    letter_number: str = "",
    to_organization: Organization | None = None,
    to_name: str = "",
    notes: str = "",
) -> Transfer:
    """Transfer a member's organizational relationship. Inside Branchwork the member moves to
    the receiving organization and keeps the history; outside, the record is marked
    transferred out and stays on this organization's books as history."""
    source = member.organization
    transfer = Transfer(
        member=member,
        direction=Transfer.Direction.INTERNAL if to_organization else Transfer.Direction.OUT,
        letter_number=letter_number,
        from_organization=source,
        from_name=source.name,
        to_organization=to_organization,
        to_name=to_organization.name if to_organization else to_name,
        issued_on=issued_on,
        received_on=issued_on if to_organization else None,
        notes=notes,
        actor=_user(actor),
    )
    if to_organization is not None:
        if to_organization.pk == source.pk:
            raise ValidationError({"to_organization": [_("The member is already here.")]})
        if to_organization.org_type not in ("branch", "general_branch", "committee"):
            raise ValidationError(
                {
                    "to_organization": [
                        _("Members are kept on the roll of a branch, not a party group.")
                    ]
                }
            )
        transfer._history_user = _user(actor)
        transfer.save()
        member.organization = to_organization
        member.party_group = None
        member._history_user = _user(actor)
        member.save(update_fields=["organization", "party_group"])
        return transfer
    transfer._history_user = _user(actor)
    transfer.save()
    member_change_status(
        actor=actor,
        member=member,
        status=rules.Status.TRANSFERRED_OUT,
        effective_on=issued_on,
        reason=_("Transferred to %(to)s (letter %(letter)s).")
        % {"to": transfer.to_name, "letter": letter_number or "—"},
        detail=transfer.to_name[:200],
    )
    return transfer


@transaction.atomic
def member_transfer_in(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    from_name: str,
    letter_number: str,
    issued_on: dt.date,
    received_on: dt.date,
) -> Member:
    member = member_create(actor=actor, organization=organization, data=data)
    transfer = Transfer(
        member=member,
        direction=Transfer.Direction.IN,
        letter_number=letter_number,
        from_name=from_name,
        to_organization=organization,
        to_name=organization.name,
        issued_on=issued_on,
        received_on=received_on,
        actor=_user(actor),
    )
    transfer._history_user = _user(actor)
    transfer.save()
    return member


@transaction.atomic
def members_import(
    *, actor: Any, organization: Organization, rows: Iterable[dict[str, Any]], source: str
) -> int:
    """Save validated rows in one transaction (history rows in bulk) and one activity line."""
    members = [build_member(organization, data) for data in rows]
    for member in members:
        member.created_at = timezone.now()
    bulk_create_with_history(members, Member, batch_size=500, default_user=_user(actor))
    audit.record(
        actor=actor,
        kind=AuditEvent.Kind.CREATE,
        model="members.member",
        object_repr=_("%(n)d members imported from %(source)s")
        % {"n": len(members), "source": source},
        org_path=organization.path,
        note="import",
    )
    return len(members)


@transaction.atomic
def member_account_create(*, actor: Any, member: Member, username: str) -> tuple[Any, str]:
    """Give a member a login: a user with a one-time password, linked to the record and
    holding the member role on the member's organization. Returns the user and the password
    (shown once, never stored in clear)."""
    import secrets

    from branchwork.accounts import services as account_services

    if member.user_id:
        raise ValidationError(
            {"username": [_("%(name)s already has a login.") % {"name": member.name}]}
        )
    password = secrets.token_urlsafe(9)
    user = account_services.user_create(
        actor=actor, username=username.strip(), password=password, display_name=member.name
    )
    account_services.grant_create(
        actor=actor, user=user, organization=member.organization, role="member"
    )
    member.user = user
    member._history_user = _user(actor)
    member.save(update_fields=["user"])
    return user, password


def personal_data_revealed(*, actor: Any, member: Member, field: str) -> None:
    """Log that ``actor`` deliberately looked at a member's full ID number or phone."""
    audit.record(actor=actor, kind=AuditEvent.Kind.REVEAL, obj=member, note=f"viewed full {field}")


def members_exported(*, actor: Any, organization: Organization, count: int, masked: bool) -> None:
    audit.record(
        actor=actor,
        kind=AuditEvent.Kind.EXPORT,
        model="members.member",
        object_repr=_("%(n)d members exported to Excel") % {"n": count},
        org_path=organization.path,
        note="masked" if masked else "full personal data",
    )


@transaction.atomic
def correction_request(
    *, actor: Any, member: Member, field: str, requested_value: str, explanation: str
) -> CorrectionRequest:
    if member.corrections.filter(state=CorrectionRequest.State.PENDING, field=field).exists():
        raise ValidationError(
            {"field": [_("A request about this field is already waiting for a decision.")]}
        )
    request = CorrectionRequest(
        member=member,
        field=field,
        requested_value=requested_value,
        explanation=explanation,
        requested_by=_user(actor),
    )
    request._history_user = _user(actor)
    request.save()
    return request


@transaction.atomic
def correction_decide(
    *, actor: Any, request: CorrectionRequest, approve: bool, note: str = ""
) -> CorrectionRequest:
    """Record the decision. Approving a correction of a record field applies it through the
    same validation as the edit form; if a rule refuses the new value, nothing changes."""
    if request.state != CorrectionRequest.State.PENDING:
        raise ValidationError({"state": [_("This request has already been decided.")]})
    if not approve and not note.strip():
        raise ValidationError({"decision_note": [_("Say why the request is rejected.")]})
    if approve and request.field in EDITABLE:
        from branchwork.members.forms import MemberForm, member_form_data

        member = request.member
        data = member_form_data(member)
        data[request.field] = request.requested_value
        form = MemberForm(data, instance=member, organization=member.organization)
        if not form.is_valid():
            messages = [
                f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs
            ]
            raise ValidationError({"requested_value": messages})
        member_update(actor=actor, member=member, data=form.cleaned_data)
    request.state = (
        CorrectionRequest.State.APPROVED if approve else CorrectionRequest.State.REJECTED
    )
    request.decided_by = _user(actor)
    request.decided_at = timezone.now()
    request.decision_note = note
    request._history_user = _user(actor)
    request.save()
    return request
