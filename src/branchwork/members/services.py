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
from branchwork.core.audit import acting_user, record_bulk, save_as
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


def _apply(member: Member, data: dict[str, Any]) -> None:
    for field in EDITABLE:
        if field in data:
            value = data[field]
            if value is None and not getattr(Member._meta.get_field(field), "null", False):
                value = ""  # empty text fields are stored as "", not NULL
            setattr(member, field, value)
    if "id_number" in data:
        number = data["id_number"]
        member.id_number_encrypted = crypto.encrypt(number)
        member.id_number_hash = crypto.lookup_hash(number)
        member.id_last4 = number[-4:]
        member.id_prefix6 = number[:6]
    member.name_pinyin, member.name_initials = pinyin_keys(member.name)


def _build_member(organization: Organization, data: dict[str, Any]) -> Member:
    """An unsaved member of ``organization`` from validated data (``MemberForm.cleaned_data``:
    field name -> value, ``id_number`` in clear), with the encrypted and derived columns."""
    member = Member(organization=organization, status=rules.Status.NORMAL)
    _apply(member, data)
    member.status_since = data.get("admitted_on")
    return member


@transaction.atomic
def member_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Member:
    """Add a member to ``organization``'s roll from ``MemberForm.cleaned_data`` (the form
    checks the 党章 rules: ``rules.check_admission``, ``check_conversion``). The status is
    normal since the admission date. Raises ``ValidationError`` from the model's fields."""
    member = _build_member(organization, data)
    save_as(member, actor)
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, data: dict[str, Any]) -> Member:
    """Change a member's record with validated data (a subset of ``EDITABLE`` and
    ``id_number``); the activity line holds the changed fields, the phone masked."""
    _apply(member, data)
    save_as(member, actor)
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
    """Record a status change (教育管理条例 Art. 24-25; 党章 Art. 9) dated ``effective_on``,
    with its reason, and move the member to ``status`` (a ``rules.Status`` value).

    Raises ``ValidationError`` when the member's status is final (``rules.FINAL_STATUSES``),
    nothing changes, or the date is before the current status began.
    """
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
        actor=acting_user(actor),
    )
    save_as(change, actor)
    member.status = status
    member.status_since = effective_on
    member.status_detail = detail
    save_as(member, actor, note=reason)
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
    arrears_acknowledged: bool = False,
) -> Transfer:
    """Transfer a member's organizational relationship. Inside Branchwork the member moves to
    the receiving organization and keeps the history; outside, the record is marked
    transferred out and stays on this organization's books as history.

    The transfer records the month dues are paid up to and what is still owed (the letter
    states both); unpaid months stay on the books of the organization they are owed to and in
    its arrears. A member who owes dues is transferred only with ``arrears_acknowledged``:
    the page shows the arrears first and asks to confirm.

    Raises ``ValidationError`` when the receiving organization is the member's own or is
    not one that keeps a roll (a branch, general branch or committee), or when the member
    owes dues and ``arrears_acknowledged`` is not set.
    """
    from branchwork.dues import selectors as dues_selectors  # dues depends on members

    source = member.organization
    owed = dues_selectors.member_arrears(member, issued_on)
    if owed is not None and not arrears_acknowledged:
        raise ValidationError(
            {
                "arrears_acknowledged": [
                    _(
                        "%(name)s owes %(amount)s yuan for %(months)d months. Confirm that the "
                        "transfer goes ahead with the dues unpaid."
                    )
                    % {
                        "name": member.name,
                        "amount": owed.amount,
                        "months": len(owed.unpaid_months),
                    }
                ]
            }
        )
    paid_through = dues_selectors.paid_through(member)
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
        dues_paid_through=paid_through,
        dues_owed=owed.amount if owed is not None else None,
        actor=acting_user(actor),
    )
    dues_note = _transfer_dues_note(paid_through, owed.amount if owed is not None else None)
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
        save_as(transfer, actor)
        member.organization = to_organization
        member.party_group = None
        note = _("Transferred to %(to)s (letter %(letter)s).") % {
            "to": to_organization.name,
            "letter": letter_number or "—",
        }
        save_as(member, actor, note=f"{note} {dues_note}")
        return transfer
    save_as(transfer, actor)
    member_change_status(
        actor=actor,
        member=member,
        status=rules.Status.TRANSFERRED_OUT,
        effective_on=issued_on,
        reason=_("Transferred to %(to)s (letter %(letter)s).")
        % {"to": transfer.to_name, "letter": letter_number or "—"}
        + " "
        + dues_note,
        detail=transfer.to_name[:200],
    )
    return transfer


def _transfer_dues_note(paid_through: dt.date | None, owed: Any) -> str:
    """The sentence about dues a transfer's activity line and status reason carry."""
    if paid_through is None:
        text = _("No dues paid yet.")
    else:
        text = _("Dues paid up to %(month)s.") % {"month": paid_through.strftime("%Y-%m")}
    if owed:
        text += " " + _("Owes %(amount)s yuan to the organization left.") % {"amount": owed}
    return text


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
    """Receive a member transferred from ``from_name`` (outside Branchwork): create the record
    on ``organization``'s roll from ``MemberForm.cleaned_data`` and keep the letter."""
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
        actor=acting_user(actor),
    )
    save_as(transfer, actor)
    return member


@transaction.atomic
def members_import(
    *, actor: Any, organization: Organization, rows: Iterable[dict[str, Any]], source: str
) -> int:
    """Save rows validated by ``imports.read_members`` (``MemberForm.cleaned_data`` each) on
    ``organization``'s roll in one transaction: history rows in bulk and one "bulk" activity
    line naming the count and ``source`` (the file name). Returns the number saved."""
    members = [_build_member(organization, data) for data in rows]
    for member in members:
        member.created_at = timezone.now()
    bulk_create_with_history(members, Member, batch_size=500, default_user=acting_user(actor))
    record_bulk(
        actor=actor,
        model=Member,
        count=len(members),
        organization=organization,
        note=_("%(n)d members imported from %(source)s") % {"n": len(members), "source": source},
    )
    return len(members)


@transaction.atomic
def member_account_create(*, actor: Any, member: Member, username: str) -> tuple[Any, str]:
    """Give a member a login: a user with a one-time password, linked to the record and
    holding the member role on the member's organization. Returns the user and the password
    (shown once, never stored in clear). Raises ``ValidationError`` when the member already
    has a login or the username is taken."""
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
    member_link_user(actor=actor, member=member, user=user)
    return user, password


@transaction.atomic
def member_link_user(*, actor: Any, member: Member, user: Any) -> Member:
    """Link an existing login ``user`` to ``member``'s record (the member then reads their
    own record and dues). Raises ``ValidationError`` when the record is linked to another
    login already."""
    if member.user_id and member.user_id != user.pk:
        raise ValidationError(
            {"username": [_("%(name)s already has a login.") % {"name": member.name}]}
        )
    member.user = user
    save_as(member, actor)
    return member


def personal_data_revealed(*, actor: Any, member: Member, field: str) -> None:
    """Log that ``actor`` deliberately looked at a member's full ID number or phone."""
    audit.record(actor=actor, kind=AuditEvent.Kind.REVEAL, obj=member, note=f"viewed full {field}")


def members_exported(*, actor: Any, organization: Organization, count: int, masked: bool) -> None:
    """Log that ``actor`` exported ``count`` members of ``organization`` (``masked``: without
    full ID numbers and phones)."""
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
    """A member asks for a correction of ``field`` of their record (``requested_value`` as
    ``CorrectionRequestForm`` cleaned it). Raises ``ValidationError`` when a request about
    the same field is already waiting."""
    if member.corrections.filter(state=CorrectionRequest.State.PENDING, field=field).exists():
        raise ValidationError(
            {"field": [_("A request about this field is already waiting for a decision.")]}
        )
    request = CorrectionRequest(
        member=member,
        field=field,
        requested_value=requested_value,
        explanation=explanation,
        requested_by=acting_user(actor),
    )
    # requested_by stays empty when a command (a SystemActor) files the request.
    save_as(request, actor, exclude=["requested_by"])
    return request


@transaction.atomic
def correction_decide(
    *, actor: Any, request: CorrectionRequest, approve: bool, note: str = ""
) -> CorrectionRequest:
    """Record the decision. Approving a correction of a record field applies it through the
    same validation as the edit form; if a rule refuses the new value, nothing changes.

    Raises ``ValidationError`` when the request is already decided, a rejection gives no
    reason (``note``), or the form refuses the requested value.
    """
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
    request.decided_by = acting_user(actor)
    request.decided_at = timezone.now()
    request.decision_note = note
    save_as(request, actor, exclude=["requested_by"])  # empty when a command filed it
    return request
