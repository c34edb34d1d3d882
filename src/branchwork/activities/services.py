"""Every write to activities, mass organizations, caring visits and the caring fund. Each service
is keyword-only, takes the acting ``actor`` (a user, or a ``SystemActor`` for commands and the
demo) and writes its activity lines through ``save_as`` / ``delete_as``."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from branchwork.activities import rules
from branchwork.activities.models import (
    Activity,
    ActivityPhoto,
    CaringVisit,
    FundEntry,
    MassOrganization,
    MassOrgMembership,
    Participant,
    Staff,
)
from branchwork.core.audit import delete_as, save_as
from branchwork.core.uploads import PHOTOS, checked_upload, save_upload
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

ACTIVITY_FIELDS = (
    "mass_org",
    "name",
    "kind",
    "series",
    "campaign",
    "state",
    "date",
    "start_time",
    "end_time",
    "place",
    "hours",
    "counts_as_study",
    "signup_open",
    "capacity",
    "description",
    "outcome",
    "notes",
)
STAFF_FIELDS = ("name", "department", "post", "retired", "notes")
MASS_ORG_FIELDS = ("kind", "name", "chair", "founded_on", "notes")
VISIT_FIELDS = (
    "category",
    "visited_name",
    "visited_member",
    "visited_staff",
    "circumstances",
    "date",
    "visitors",
    "money",
    "goods",
    "follow_up",
    "follow_up_done",
    "notes",
)
NULLABLE = {
    "mass_org",
    "start_time",
    "end_time",
    "capacity",
    "founded_on",
    "visited_member",
    "visited_staff",
}
# Thumbnails: the longest side in pixels, and the largest photo Pillow is asked to open
# (a decompression bomb of a few KB can claim gigapixels).
THUMBNAIL_SIZE = 480
CENT = Decimal("0.01")
MAX_PIXELS = 50_000_000


def _assign(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, "" if value is None and name not in NULLABLE else value)


def _in_org(person: Member | Staff | None, organization: Organization) -> bool:
    return person is None or person.organization.path.startswith(organization.path)


# --- Staff and mass organizations ------------------------------------------------------------


@transaction.atomic
def staff_save(
    *, actor: Any, organization: Organization, data: dict[str, Any], staff: Staff | None = None
) -> Staff:
    """Create a staff member of ``organization``'s unit (``staff`` None) or change ``staff``.
    ``data``: any of ``STAFF_FIELDS``."""
    staff = staff or Staff(organization=organization)
    _assign(staff, data, STAFF_FIELDS)
    save_as(staff, actor)
    return staff


@transaction.atomic
def mass_org_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    mass_org: MassOrganization | None = None,
) -> MassOrganization:
    """Create a mass organization led by ``organization`` or change ``mass_org``. ``data``:
    any of ``MASS_ORG_FIELDS``."""
    mass_org = mass_org or MassOrganization(organization=organization)
    _assign(mass_org, data, MASS_ORG_FIELDS)
    save_as(mass_org, actor)
    return mass_org


@transaction.atomic
def mass_org_member_add(
    *,
    actor: Any,
    mass_org: MassOrganization,
    member: Member | None = None,
    staff: Staff | None = None,
    role: str = "",
    joined_on: dt.date | None = None,
) -> MassOrgMembership:
    """Add a party member or a staff member (exactly one) to ``mass_org``. Raises
    ``ValidationError`` when neither or both are given, the person is outside the leading
    organization, or already belongs."""
    if (member is None) == (staff is None):
        raise ValidationError(
            {"__all__": [_("Choose one person: a party member or a staff member.")]}
        )
    if not _in_org(member or staff, mass_org.organization):
        raise ValidationError({"__all__": [_("That person is not in this organization.")]})
    membership = MassOrgMembership(
        mass_org=mass_org, member=member, staff=staff, role=role, joined_on=joined_on
    )
    try:
        with transaction.atomic():
            save_as(membership, actor)
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("%(name)s already belongs.") % {"name": member or staff}]}
        ) from None
    return membership


@transaction.atomic
def mass_org_member_remove(*, actor: Any, membership: MassOrgMembership) -> None:
    """Take a person out of a mass organization (their past activities stay)."""
    delete_as(membership, actor)


# --- Activities ------------------------------------------------------------------------------


@transaction.atomic
def activity_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    activity: Activity | None = None,
) -> Activity:
    """Create an activity of ``organization`` (``activity`` None) or change ``activity``.

    ``data``: any of ``ACTIVITY_FIELDS``. Raises ``ValidationError`` (by field) when the
    organizing mass organization is not one ``organization`` leads, an activity in the future is
    recorded as held, or the end time is before the start time.
    """
    activity = activity or Activity(organization=organization)
    _assign(activity, data, ACTIVITY_FIELDS)
    mass_org = activity.mass_org if activity.mass_org_id else None
    if mass_org is not None and mass_org.organization_id != activity.organization_id:
        raise ValidationError(
            {"mass_org": [_("Choose a mass organization this organization leads.")]}
        )
    if activity.state == Activity.State.HELD and activity.date > timezone.localdate():
        raise ValidationError(
            {"date": [_("An activity in the future can be planned, not recorded as held.")]}
        )
    if activity.start_time and activity.end_time and activity.end_time < activity.start_time:
        raise ValidationError({"end_time": [_("The end is before the start.")]})
    save_as(activity, actor)
    for participant in activity.participants.filter(member__isnull=False).select_related("member"):
        _sync_study(actor, participant)
    return activity


def _study_key(participant: Participant) -> str:
    return f"activities:participant:{participant.pk}"


def _sync_study(actor: Any, participant: Participant, *, removed: bool = False) -> None:
    """Keep a party member's study record of an activity that counts as study (党员教育管理工作
    条例: collective study counts toward the yearly hours) equal to what they attended: one
    record per participant (``study.services.record_external_hours``, keyed by the
    participant), with the credited hours rounded down to the half hour the study ledger keeps;
    none when they were not checked in, the activity does not count as study or was
    cancelled, or the participant is removed."""
    from branchwork.study import rules as study_rules
    from branchwork.study import services as study_services
    from branchwork.study.models import StudyRecord

    member = participant.member
    if member is None or participant.pk is None:
        return
    activity = participant.activity
    hours = rules.credited_hours(
        activity.hours, participant.hours, participant.checked_in_at is not None
    )
    hours = (hours * 2).to_integral_value(rounding=ROUND_DOWN) / 2
    counts = (
        not removed
        and activity.counts_as_study
        and activity.state != Activity.State.CANCELLED
        and hours > 0
    )
    key = _study_key(participant)
    if counts:
        study_services.record_external_hours(
            actor=actor,
            member=member,
            date=activity.date,
            topic=activity.name,
            form=study_rules.Form.COLLECTIVE,
            hours=hours,
            source_key=key,
        )
        return
    existing = StudyRecord.objects.filter(member=member, source_key=key).first()
    if existing is not None:
        study_services.record_delete(actor=actor, record=existing)


def _participant(activity: Activity, member: Member | None, staff: Staff | None) -> Participant:
    if member is not None:
        found = activity.participants.filter(member=member).first()
    else:
        found = activity.participants.filter(staff=staff).first()
    return found or Participant(activity=activity, member=member, staff=staff)


@transaction.atomic
def participant_add(
    *,
    actor: Any,
    activity: Activity,
    member: Member | None = None,
    staff: Staff | None = None,
    checked_in: bool = False,
) -> Participant:
    """The organizer adds a party member or a staff member (exactly one) to ``activity``, checked
    in when ``checked_in``. Idempotent for someone already listed (checks them in if asked).
    Raises ``ValidationError`` when the person is outside the activity's organization."""
    if (member is None) == (staff is None):
        raise ValidationError(
            {"__all__": [_("Choose one person: a party member or a staff member.")]}
        )
    if not _in_org(member or staff, activity.organization):
        raise ValidationError({"__all__": [_("That person is not in this organization.")]})
    participant = _participant(activity, member, staff)
    if participant.pk is None:
        participant.signed_up_at = timezone.now()
    if checked_in and participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
    if participant.pk is None or checked_in:
        save_as(participant, actor)
        _sync_study(actor, participant)
    return participant


def _places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return activity.capacity - activity.participants.count()


@transaction.atomic
def activity_sign_up(*, actor: Any, activity: Activity, member: Member) -> Participant:
    """A member signs themselves up (from a phone). Raises ``ValidationError`` when sign-up is
    closed, the activity is over or full (``rules.may_sign_up``), or the activity is cancelled.
    Signing up twice changes nothing."""
    existing = activity.participants.filter(member=member).first()
    if existing is not None:
        return existing
    Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one sign-up at a time
    left = _places_left(activity)
    reason = rules.may_sign_up(
        activity.date,
        timezone.localdate(),
        open_=activity.signup_open and activity.state != Activity.State.CANCELLED,
        full=left is not None and left <= 0,
    )
    if reason:
        raise ValidationError({"__all__": [reason]})
    return participant_add(actor=actor, activity=activity, member=member)


@transaction.atomic
def activity_withdraw(*, actor: Any, activity: Activity, member: Member) -> None:
    """A member takes back their sign-up; once checked in, the record stays."""
    participant = activity.participants.filter(member=member).first()
    if participant is None:
        return
    if participant.checked_in_at is not None:
        raise ValidationError({"__all__": [_("You have checked in; the record stays.")]})
    delete_as(participant, actor, note="withdrew")


@transaction.atomic
def activity_check_in_self(*, actor: Any, activity: Activity, member: Member) -> Participant:
    """A member checks themselves in on the activity's day (on site, from a phone); someone who
    had not signed up is added as they arrive. Raises ``ValidationError`` on another day or
    for a cancelled activity."""
    if activity.state == Activity.State.CANCELLED or not rules.may_self_check_in(
        activity.date, timezone.localdate()
    ):
        raise ValidationError({"__all__": [_("Check-in is open on the day of the activity only.")]})
    return participant_add(actor=actor, activity=activity, member=member, checked_in=True)


@transaction.atomic
def participant_set(
    *,
    actor: Any,
    participant: Participant,
    checked_in: bool,
    hours: Decimal | None = None,
) -> Participant:
    """The organizer marks a participant present or not and, when they stayed a different time,
    their own hours (None: the activity's)."""
    changed = False
    if checked_in and participant.checked_in_at is None:
        participant.checked_in_at, changed = timezone.now(), True
    if not checked_in and participant.checked_in_at is not None:
        participant.checked_in_at, changed = None, True
    if hours != participant.hours:
        participant.hours, changed = hours, True
    if changed:
        save_as(participant, actor)
        _sync_study(actor, participant)
    return participant


@transaction.atomic
def participant_remove(*, actor: Any, participant: Participant) -> None:
    """Take a participant off the list (and their study hours from it)."""
    _sync_study(actor, participant, removed=True)
    delete_as(participant, actor)


def _thumbnail(data: bytes) -> bytes:
    """A JPEG thumbnail (longest side ``THUMBNAIL_SIZE``) of a JPEG or PNG photo, turned upright
    from its EXIF orientation. Raises ``ValidationError`` for content that is not a readable
    image or is too large to open safely."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"file": [_("The photo is too large to show.")]})
            # A JPEG decodes straight at 1/2, 1/4 or 1/8 scale: a phone photo in a tenth of
            # the time and memory.
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            out = io.BytesIO()
            upright.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({"file": [_("The photo cannot be read.")]}) from None


@transaction.atomic
def photo_add(
    *, actor: Any, activity: Activity, upload: UploadedFile, caption: str = ""
) -> ActivityPhoto:
    """Store a photo of ``activity`` with its thumbnail. Raises ``ValidationError`` for a file
    that is not a JPEG or PNG photo, too large, or unreadable."""
    name, content_type = checked_upload(upload, PHOTOS)
    thumb = _thumbnail(upload.read())
    upload.seek(0)
    photo = save_upload(
        ActivityPhoto, upload, name, content_type, actor=actor, activity=activity, caption=caption
    )
    photo.thumbnail.save(f"{photo.pk}.jpg", ContentFile(thumb), save=False)
    save_as(photo, actor, note="thumbnail")
    return photo


# --- Caring visits and the caring fund -------------------------------------------------------


def _balance(organization: Organization, exclude_visit: CaringVisit | None = None) -> Decimal:
    rows = FundEntry.objects.filter(organization=organization)
    if exclude_visit is not None and exclude_visit.pk is not None:
        rows = rows.exclude(visit=exclude_visit)
    income = rows.filter(kind=FundEntry.Kind.INCOME).aggregate(s=Sum("amount"))["s"] or 0
    spending = rows.filter(kind=FundEntry.Kind.SPENDING).aggregate(s=Sum("amount"))["s"] or 0
    return (Decimal(income) - Decimal(spending)).quantize(CENT)


def _lock_fund(organization: Organization) -> None:
    # Two people booking at the same moment must not both spend the last yuan: the organization
    # row is the fund's lock (on SQLite the write transaction already serializes).
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


@transaction.atomic
def caring_visit_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    visit: CaringVisit | None = None,
) -> CaringVisit:
    """Record a caring visit of ``organization`` (``visit`` None) or change ``visit``; its
    money is booked as the visit's one spending row in the caring fund (changed with it,
    removed when the money goes back to zero).

    ``data``: any of ``VISIT_FIELDS``. Raises ``ValidationError`` when the visited member or
    staff member is outside the organization, the visit is in the future, or the fund does not
    hold the money (``rules.check_spending``).
    """
    visit = visit or CaringVisit(organization=organization)
    _assign(visit, data, VISIT_FIELDS)
    for field in ("visited_member", "visited_staff"):
        if not _in_org(getattr(visit, field), organization):
            raise ValidationError({field: [_("That person is not in this organization.")]})
    if visit.date and visit.date > timezone.localdate():
        raise ValidationError({"date": [_("A visit is recorded once it has taken place.")]})
    if not visit.visited_name:
        person = visit.visited_member or visit.visited_staff
        visit.visited_name = person.name if person is not None else ""
    _lock_fund(organization)
    money = visit.money or Decimal("0")
    if money > 0:
        problem = rules.check_spending(_balance(organization, exclude_visit=visit), money)
        if problem:
            raise ValidationError({"money": [problem]})
    save_as(visit, actor)
    row = FundEntry.objects.filter(visit=visit).first()
    if money > 0:
        row = row or FundEntry(organization=organization, visit=visit, kind=FundEntry.Kind.SPENDING)
        row.date, row.amount = visit.date, money
        row.description = visit.visited_name[:200]  # pages say "caring visit" in their language
        save_as(row, actor)
    elif row is not None:
        delete_as(row, actor, note="the visit gave no money")
    return visit


@transaction.atomic
def caring_visit_delete(*, actor: Any, visit: CaringVisit) -> None:
    """Delete a visit and its spending row (the money goes back to the fund's balance)."""
    row = FundEntry.objects.filter(visit=visit).first()
    if row is not None:
        delete_as(row, actor, note="its visit was deleted")
    delete_as(visit, actor)


@transaction.atomic
def fund_entry_add(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    date: dt.date,
    amount: Decimal,
    description: str,
) -> FundEntry:
    """Book income to the caring fund (a grant, the trade union's contribution), or spending that
    is not a visit. Raises ``ValidationError`` for an amount not above zero or spending the
    fund does not hold."""
    _lock_fund(organization)
    if kind == FundEntry.Kind.SPENDING:
        problem = rules.check_spending(_balance(organization), amount)
    else:
        problem = "" if amount > 0 else _("An amount must be more than zero.")
    if problem:
        raise ValidationError({"amount": [problem]})
    if date > timezone.localdate():
        raise ValidationError({"date": [_("Book a row on or after its day.")]})
    row = FundEntry(
        organization=organization, kind=kind, date=date, amount=amount, description=description
    )
    save_as(row, actor)
    return row


@transaction.atomic
def fund_entry_delete(*, actor: Any, row: FundEntry) -> None:
    """Delete a ledger row booked by hand. A visit's row changes only with its visit; income
    already spent cannot be taken back (the balance would go below zero)."""
    if row.visit_id is not None:
        raise ValidationError(
            {"__all__": [_("This row is a visit's money: change or delete the visit.")]}
        )
    _lock_fund(row.organization)
    if row.kind == FundEntry.Kind.INCOME and _balance(row.organization) - row.amount < 0:
        raise ValidationError(
            {"__all__": [_("Part of this income has been spent; it cannot be removed.")]}
        )
    delete_as(row, actor)
