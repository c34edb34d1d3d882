"""Every write of the assistance module, in transactions, taking the acting user (``actor``)
and writing its activity line (``save_as``/``delete_as`` for one record, ``record_bulk`` for an
import). A verified ledger row is never changed: ``entry_reverse`` appends its reversal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.assistance.models import (
    DesignatedCounty,
    EvidencePack,
    Household,
    HouseholdPairing,
    IndicatorTarget,
    LedgerDocument,
    LedgerEntry,
    VillagePairing,
    Visit,
    VisitPhoto,
)
from branchwork.core.audit import acting_user, delete_as, record_bulk, save_as
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.core.uploads import PHOTOS, PHOTOS_AND_DOCUMENTS, checked_upload, save_upload
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division

ENTRY_FIELDS = (
    "date",
    "donor",
    "county",
    "village",
    "household",
    "kind",
    "quantity",
    "unit",
    "amount",
    "source",
    "purpose",
    "road_project",
    "note",
    "is_demo",
)


def _in_county(division: Division, county: Division) -> bool:
    return division.code.startswith(county.code[:6])


@transaction.atomic
def county_designate(
    *, actor: Any, organization: Organization, county: Division, since: int, note: str = ""
) -> DesignatedCounty:
    """Record that ``organization``'s unit helps ``county`` (定点帮扶) from year ``since``.
    Raises ``ValidationError`` when the division is not a county or is already designated."""
    if county.level != Division.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county.")]})
    designation = DesignatedCounty(organization=organization, county=county, since=since, note=note)
    try:
        with transaction.atomic():
            save_as(designation, actor)
    except IntegrityError:
        raise ValidationError(
            {"county": [_("%(county)s is already designated.") % {"county": county.name}]}
        ) from None
    return designation


@transaction.atomic
def village_pair(
    *,
    actor: Any,
    designation: DesignatedCounty,
    village: Division,
    unit: str,
    started_on: dt.date,
    note: str = "",
) -> VillagePairing:
    """Pair ``unit`` with a village of the designated county (单位 ↔ 村). Raises
    ``ValidationError`` when the village is not a village of that county or already paired
    with the unit."""
    if village.level != Division.Level.VILLAGE or not _in_county(village, designation.county):
        raise ValidationError(
            {
                "village": [
                    _("Choose a village of %(county)s.") % {"county": designation.county.name}
                ]
            }
        )
    pairing = VillagePairing(
        organization=designation.organization,
        designation=designation,
        village=village,
        unit=unit,
        started_on=started_on,
        note=note,
    )
    try:
        with transaction.atomic():
            save_as(pairing, actor)
    except IntegrityError:
        raise ValidationError(
            {"village": [_("This village is already paired with the unit.")]}
        ) from None
    return pairing


@transaction.atomic
def household_save(
    *, actor: Any, village: VillagePairing, data: dict[str, Any], household: Household | None = None
) -> Household:
    """Create or change a household of a paired village. ``data``: head_name, size,
    registered_poor, phone, note."""
    household = household or Household(organization=village.organization)
    household.village = village
    for name in ("head_name", "size", "registered_poor", "phone", "note"):
        if name in data:
            setattr(household, name, data[name])
    save_as(household, actor)
    return household


@transaction.atomic
def household_pair(
    *, actor: Any, household: Household, member: Member, started_on: dt.date
) -> HouseholdPairing:
    """Pair a party member with a household (结对帮扶). The member must belong to the
    household's organization or one under it. Raises ``ValidationError`` otherwise or when
    the pair exists."""
    if not member.organization.path.startswith(household.organization.path):
        raise ValidationError({"member": [_("The member is not in this organization.")]})
    pairing = HouseholdPairing(household=household, member=member, started_on=started_on)
    try:
        with transaction.atomic():
            save_as(pairing, actor)
    except IntegrityError:
        raise ValidationError({"member": [_("The member is already paired with it.")]}) from None
    return pairing


def _check_entry(entry: LedgerEntry) -> None:
    errors: dict[str, list[str]] = {}
    if entry.amount is not None and entry.amount < 0 and entry.reverses_id is None:
        errors["amount"] = [_("An amount is never negative: correct a row by reversing it.")]
    village, household = entry.village, entry.household
    if village is not None and village.designation_id != entry.county_id:
        errors["village"] = [_("The village is not in the designated county.")]
    if household is not None:
        if village is not None and household.village_id != village.pk:
            errors["household"] = [_("The household is not in that village.")]
        elif household.village.designation_id != entry.county_id:
            errors["household"] = [_("The household is not in the designated county.")]
    if (
        entry.road_project_id and entry.road_project.county_id != entry.county.county_id  # type: ignore[union-attr]
    ):
        errors["road_project"] = [_("The road project is in another county.")]
    if entry.county.organization_id != entry.organization_id:
        errors["county"] = [_("The county is not designated for this organization.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_record(*, actor: Any, organization: Organization, data: dict[str, Any]) -> LedgerEntry:
    """Record one assistance item (status "recorded") in ``organization``'s ledger.

    ``data`` has ENTRY_FIELDS; ``household`` implies its village. The recipient is the
    household, else the village, else the county. Raises ``ValidationError`` (negative
    amount, recipient or road project outside the county)."""
    entry = LedgerEntry(organization=organization)
    _apply(entry, data)
    save_as(entry, actor)
    return entry


def _apply(entry: LedgerEntry, data: dict[str, Any]) -> None:
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    if entry.household_id and not entry.village_id:
        entry.village = entry.household.village  # type: ignore[union-attr]
    entry.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    _check_entry(entry)


@transaction.atomic
def entry_update(*, actor: Any, entry: LedgerEntry, data: dict[str, Any]) -> LedgerEntry:
    """Change a row still "recorded". Raises ``ValidationError`` for a verified row or a
    reversal: those are corrected by reversing them."""
    current = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if current.status == LedgerEntry.Status.VERIFIED or current.reverses_id:
        raise ValidationError(
            _("A verified row or a reversal is never changed: reverse it and record it again.")
        )
    _apply(entry, data)
    save_as(entry, actor)
    return entry


@transaction.atomic
def entry_delete(*, actor: Any, entry: LedgerEntry) -> None:
    """Delete a row still "recorded" (entered by mistake, never verified). Raises
    ``ValidationError`` for a verified row."""
    current = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if current.status == LedgerEntry.Status.VERIFIED:
        raise ValidationError(_("A verified row is never deleted: reverse it."))
    delete_as(current, actor)


@transaction.atomic
def entry_verify(*, actor: Any, entry: LedgerEntry) -> LedgerEntry:
    """The secretary verifies a recorded row (``assistance.verify``). Raises
    ``PermissionDenied`` without it, ``ValidationError`` when already verified."""
    require(actor, Action.ASSISTANCE_VERIFY, entry.organization)
    current = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if current.status == LedgerEntry.Status.VERIFIED:
        raise ValidationError(_("This row is already verified."))
    current.status = LedgerEntry.Status.VERIFIED
    current.verified_by = acting_user(actor)
    current.verified_at = timezone.now()
    save_as(current, actor)
    return current


@transaction.atomic
def entry_reverse(*, actor: Any, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Cancel a verified row by appending its reversal: the same item with the amount and
    quantity negated, ``reverses`` pointing at it. The reversal carries the original's date
    (so the year it corrects adds up; when it was made is its ``created_at`` and its activity
    line). The original is not touched. Raises ``ValidationError`` for a row not verified
    (change it instead), a reversal, or a row already reversed."""
    current = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if current.reverses_id is not None:
        raise ValidationError(_("A reversal is not reversed again."))
    if current.status != LedgerEntry.Status.VERIFIED:
        raise ValidationError(_("Only a verified row is reversed; change a recorded row instead."))
    if LedgerEntry.objects.filter(reverses=current).exists():
        raise ValidationError(_("This row is already reversed."))
    reversal = LedgerEntry(
        organization=current.organization,
        date=current.date,
        donor=current.donor,
        county=current.county,
        village=current.village,
        household=current.household,
        kind=current.kind,
        quantity=-current.quantity if current.quantity is not None else None,
        unit=current.unit,
        amount=-current.amount,
        source=current.source,
        purpose=current.purpose,
        road_project=current.road_project,
        reverses=current,
        is_demo=current.is_demo,
        note=reason[:300],
    )
    save_as(reversal, actor, note=reason)
    return reversal


@transaction.atomic
def document_add(*, actor: Any, entry: LedgerEntry, upload: UploadedFile) -> LedgerDocument:
    """Attach a receipt or handover sign-off (PDF, Word, Excel or a photo) to a ledger row,
    verified or not: documents add evidence, they change no figure."""
    name, content_type = checked_upload(upload, PHOTOS_AND_DOCUMENTS)
    return save_upload(LedgerDocument, upload, name, content_type, actor=actor, entry=entry)


@transaction.atomic
def target_set(
    *,
    actor: Any,
    county: DesignatedCounty,
    year: int,
    indicator: str,
    target: Decimal,
    actual: Decimal | None = None,
    status: str = IndicatorTarget.Status.PLANNED,
    note: str = "",
) -> IndicatorTarget:
    """Set (or change) a responsibility-letter indicator of ``county`` for ``year``: the
    target, the actual reported and its verification status. Marking it verified needs
    ``assistance.verify``."""
    if status == IndicatorTarget.Status.VERIFIED:
        require(actor, Action.ASSISTANCE_VERIFY, county.organization)
    if status != IndicatorTarget.Status.PLANNED and actual is None:
        raise ValidationError({"actual": [_("Give the actual before reporting or verifying it.")]})
    row = IndicatorTarget.objects.filter(county=county, year=year, indicator=indicator).first()
    row = row or IndicatorTarget(
        organization=county.organization, county=county, year=year, indicator=indicator
    )
    row.target, row.actual, row.status, row.note = target, actual, status, note
    save_as(row, actor)
    return row


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    pairing: HouseholdPairing,
    date: dt.date,
    discussed: str,
    help_given: str = "",
    photos: list[UploadedFile] | None = None,
    is_demo: bool = False,
) -> Visit:
    """Record a visit to a paired household, with its photos (JPEG or PNG). Raises
    ``ValidationError`` for a date in the future or a photo refused."""
    if date > timezone.localdate():
        raise ValidationError({"date": [_("A visit cannot be recorded in the future.")]})
    checked = [(upload, *checked_upload(upload, PHOTOS)) for upload in photos or []]
    visit = Visit(
        pairing=pairing,
        date=date,
        discussed=discussed,
        help_given=help_given,
        recorded_by=acting_user(actor),
        is_demo=is_demo,
    )
    save_as(visit, actor)
    for upload, name, content_type in checked:
        save_upload(VisitPhoto, upload, name, content_type, actor=actor, visit=visit)
    return visit


@transaction.atomic
def entries_import(
    *, actor: Any, organization: Organization, rows: list[dict[str, Any]], filename: str
) -> int:
    """Save the rows of an imported ledger (already checked by ``imports.check_ledger``) in
    one transaction, with one bulk activity line. Returns how many were created."""
    for data in rows:
        entry = LedgerEntry(organization=organization)
        _apply(entry, data)
        entry.save()
    record_bulk(
        actor=actor,
        model=LedgerEntry,
        count=len(rows),
        organization=organization,
        note=f"imported {len(rows)} ledger rows from {filename}"[:300],
    )
    return len(rows)


@transaction.atomic
def pack_request(*, actor: Any, county: DesignatedCounty, year: int, language: str) -> EvidencePack:
    """Queue an evidence pack for ``county`` and ``year`` and start building it
    (``tasks.build_pack``: run in the request when no worker is configured)."""
    pack = EvidencePack(
        organization=county.organization,
        county=county,
        year=year,
        language=language,
        requested_by=acting_user(actor),
    )
    save_as(pack, actor)
    from branchwork.assistance import tasks

    transaction.on_commit(lambda: tasks.enqueue_pack(pack.pk))
    return pack
