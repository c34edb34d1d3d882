"""Encryption of personal data at rest (resident ID numbers).

The value is encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under
FIELD_ENCRYPTION_KEY, so a database dump does not show it. A keyed hash (HMAC-SHA256 under a
key derived from the same secret) allows uniqueness checks and exact lookups without
decrypting. Losing the key loses the encrypted values: keep it safe, apart from the backups
(which never contain it). core.keycheck keeps a check value of the key in the database and
refuses a key that does not match it.
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
    if not settings.FIELD_ENCRYPTION_KEY:
        from django.db import connection

        from branchwork.core.keycheck import FieldKeyMismatch, mismatch_message

        raise FieldKeyMismatch(mismatch_message(connection))
    return Fernet(settings.FIELD_ENCRYPTION_KEY.encode())


@cache
def _lookup_key() -> bytes:
    _fernet()
    raw = base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEY.encode())
    return hmac.new(raw, b"branchwork lookup hash v1", hashlib.sha256).digest()


def encrypt(value: str) -> str:
    """The Fernet token of ``value`` ("" stays ""); first makes sure the database's key check
    value is this key's (writing it if none is stored), so data is never stored under two keys.
    Raises core.keycheck.FieldKeyMismatch otherwise."""
    if not value:
        return ""
    from branchwork.core import keycheck

    keycheck.ensure_default()
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "Cannot decrypt a stored value: FIELD_ENCRYPTION_KEY is not the key it was "
            f"encrypted with (key from {settings.FIELD_ENCRYPTION_KEY_SOURCE}, data directory "
            f"{settings.DATA_DIR})."
        ) from None


def lookup_hash(value: str) -> str:
    return hmac.new(_lookup_key(), value.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()
