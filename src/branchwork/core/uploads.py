"""Checks every uploaded file goes through: an allowed extension, a size limit
(ATTACHMENT_MAX_MB) and content whose first bytes match the extension."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user, save_as

M = TypeVar("M", bound=Model)

PHOTOS = {
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
}
DOCUMENTS = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
}
PHOTOS_AND_DOCUMENTS = {**PHOTOS, **DOCUMENTS}


def check_size(size: int) -> None:
    """A ValidationError on the "file" field above ATTACHMENT_MAX_MB."""
    if size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)d MB.") % {"mb": settings.ATTACHMENT_MAX_MB}]}
        )


def save_upload(
    model: type[M], upload: UploadedFile, name: str, content_type: str, *, actor: Any, **links: Any
) -> M:
    """Store a checked upload as a StoredFile model (the links name what it belongs to), with
    ``actor`` as its uploader and the author of its history row."""
    stored = model(
        file=upload,
        name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=acting_user(actor),
        **links,
    )
    save_as(stored, actor)
    return stored


def checked_upload(upload: UploadedFile, allowed: dict = PHOTOS_AND_DOCUMENTS) -> tuple[str, str]:
    """(name, content type) of an acceptable upload; ValidationError on the "file" field."""
    name = upload.name or "file"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        message = (
            _("Attach photos (JPEG, PNG) only.")
            if allowed is PHOTOS
            else _("Attach photos (JPEG, PNG) or documents (PDF, Word, Excel) only.")
        )
        raise ValidationError({"file": [message]})
    check_size(upload.size or 0)
    content_type, signatures = allowed[extension]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            {"file": [_("The file's content does not match its name %(name)s.") % {"name": name}]}
        )
    return name[:200], content_type
