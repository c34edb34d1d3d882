"""Every write to honors and their certificate scans: keyword-only, with the acting ``actor``,
through ``save_as`` / ``delete_as``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from branchwork.core.audit import delete_as, save_as
from branchwork.core.uploads import PHOTOS, checked_upload, save_upload
from branchwork.honors.models import Certificate, Honor
from branchwork.honors.rules import Recipient
from branchwork.organizations.models import Organization

HONOR_FIELDS = (
    "recipient",
    "member",
    "person_name",
    "title",
    "level",
    "awarding_body",
    "year",
    "awarded_on",
    "period",
    "recognised_work",
    "notes",
)
NULLABLE = {"member", "year", "awarded_on"}
# Certificate scans: photos or a PDF.
SCANS = {**PHOTOS, ".pdf": ("application/pdf", [b"%PDF-"])}


@transaction.atomic
def honor_save(
    *, actor: Any, organization: Organization, data: dict[str, Any], honor: Honor | None = None
) -> Honor:
    """Record an honor of ``organization`` (``honor`` None) or change ``honor``.

    ``data``: any of ``HONOR_FIELDS``. An honor to a member belongs to the member's
    organization. Raises ``ValidationError`` (by field) when the recipient is not named (a
    member for a member's honor, a name for a staff member's), the member is outside
    ``organization``, or the award date's year differs from the year given.
    """
    honor = honor or Honor(organization=organization)
    for name in HONOR_FIELDS:
        if name in data:
            value = data[name]
            setattr(honor, name, "" if value is None and name not in NULLABLE else value)
    if honor.recipient == Recipient.MEMBER:
        if honor.member is None:
            raise ValidationError({"member": [_("Choose the member honored.")]})
        if not honor.member.organization.path.startswith(organization.path):
            raise ValidationError({"member": [_("That member is not in this organization.")]})
        honor.organization = honor.member.organization
        honor.person_name = ""
    else:
        honor.member = None
    if honor.recipient == Recipient.PERSON and not honor.person_name.strip():
        raise ValidationError({"person_name": [_("Give the staff member's name.")]})
    if honor.recipient != Recipient.PERSON:
        honor.person_name = ""
    if honor.awarded_on is not None:
        if honor.year is None:
            honor.year = honor.awarded_on.year
        elif honor.year != honor.awarded_on.year:
            raise ValidationError({"year": [_("The year differs from the date it was awarded.")]})
    save_as(honor, actor)
    return honor


@transaction.atomic
def honor_delete(*, actor: Any, honor: Honor) -> None:
    """Delete an honor and its certificate scans."""
    for certificate in list(honor.certificates.all()):
        delete_as(certificate, actor)
    delete_as(honor, actor)


@transaction.atomic
def certificate_add(*, actor: Any, honor: Honor, upload: UploadedFile) -> Certificate:
    """Store a scan of ``honor``'s certificate (JPEG, PNG or PDF). Raises ``ValidationError``
    for another type, a file too large, or content that does not match its name."""
    name, content_type = checked_upload(upload, SCANS)
    return save_upload(Certificate, upload, name, content_type, actor=actor, honor=honor)
