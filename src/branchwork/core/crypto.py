"""Encryption of personal data at rest (resident ID numbers).

The value is encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under
FIELD_ENCRYPTION_KEY, so a database dump does not show it. A keyed hash (HMAC-SHA256 under a
key derived from the same secret) allows uniqueness checks and exact lookups without
decrypting. Losing the key loses the encrypted values: back it up with the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEY.encode())


@cache
def _lookup_key() -> bytes:
    raw = base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEY.encode())
    return hmac.new(raw, b"branchwork lookup hash v1", hashlib.sha256).digest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "Cannot decrypt a stored value: FIELD_ENCRYPTION_KEY is not the key it was "
            "encrypted with."
        ) from None


def lookup_hash(value: str) -> str:
    return hmac.new(_lookup_key(), value.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()
