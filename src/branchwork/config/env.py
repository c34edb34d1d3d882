"""Typed helpers that read settings from the environment and fail loudly on bad values."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required and is not set.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; use one of 1/0, true/false, "
        "yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} must be >= {minimum}.")
    return number


def env_decimal(name: str, default: str, *, minimum: Decimal, maximum: Decimal) -> Decimal:
    """A decimal number between ``minimum`` and ``maximum`` (both included); a value that is not
    a number or lies outside the bounds stops start-up with a message naming the variable."""
    value = os.environ.get(name)
    raw = default if value is None or value.strip() == "" else value.strip()
    try:
        number = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is not a number."
        ) from None
    if not number.is_finite() or not minimum <= number <= maximum:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw} must be between {minimum} and {maximum}."
        )
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def group_road_numbers(items: list[str]) -> dict[str, Any]:
    """ROADS_GROUP_ROAD_PROFILE items "name=number" as Decimals; unknown names fail loudly."""
    from decimal import Decimal, InvalidOperation

    known = (
        "min_pavement_width_m",
        "normal_pavement_width_m",
        "normal_subgrade_width_m",
        "min_concrete_thickness_cm",
        "passing_bay_spacing_m",
    )
    numbers: dict[str, Any] = {}
    for item in items:
        name, _sep, text = item.partition("=")
        name = name.strip()
        if name not in known:
            raise ImproperlyConfigured(
                f"ROADS_GROUP_ROAD_PROFILE: {name!r} is not one of {', '.join(known)}"
            )
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            raise ImproperlyConfigured(
                f"ROADS_GROUP_ROAD_PROFILE: {name} needs a number, not {text!r}"
            ) from None
        if not number > 0:
            raise ImproperlyConfigured(f"ROADS_GROUP_ROAD_PROFILE: {name} must be positive")
        numbers[name] = number
    return numbers


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be one of: {', '.join(choices)}."
        )
    return value


def local_secret(data_dir: Path, name: str, make: Callable[[], str]) -> str:
    """Return a secret kept in the data directory, creating it on first use.

    Only for local and demo use; production must set its secrets explicitly.
    """
    path = data_dir / name
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    data_dir.mkdir(parents=True, exist_ok=True)
    key = make()
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def local_secret_key(data_dir: Path) -> str:
    return local_secret(data_dir, "secret_key", lambda: secrets.token_urlsafe(50))


def fernet_key(name: str, value: str) -> str:
    """Check that ``value`` is a Fernet key (32 bytes, URL-safe base64)."""
    try:
        if len(base64.urlsafe_b64decode(value.encode())) == 32:
            return value
    except (ValueError, binascii.Error):
        pass
    raise ImproperlyConfigured(
        f"{name} must be 32 bytes in URL-safe base64; generate one with: python3 -c "
        "'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
    )


def database_holds_encrypted_data(db: Mapping[str, Any]) -> bool:
    """Whether the configured database already holds a field-key check value or encrypted data.

    Read before a new field key would be generated, so that a command run without the data
    directory cannot start a second key for existing data. Read-only; a database that does not
    exist or cannot be reached counts as empty (the start-up key check still protects it).
    """
    queries = (
        "SELECT 1 FROM core_keycheck",
        "SELECT 1 FROM members_member WHERE id_number_encrypted <> ''",
    )
    try:
        if db["ENGINE"] == "django.db.backends.sqlite3":
            import sqlite3
            from urllib.parse import quote

            name = str(db.get("NAME") or "")
            if name in ("", ":memory:") or not Path(name).exists():
                return False
            conn: Any = sqlite3.connect(f"file:{quote(name)}?mode=ro", uri=True, timeout=5)
        else:
            import psycopg
            from psycopg.conninfo import make_conninfo

            params = {
                "dbname": db.get("NAME"),
                "user": db.get("USER"),
                "password": db.get("PASSWORD"),
                "host": db.get("HOST"),
                "port": db.get("PORT"),
            }
            conninfo = make_conninfo(**{k: str(v) for k, v in params.items() if v})
            conn = psycopg.connect(conninfo, connect_timeout=5)
    except Exception:
        return False
    try:
        for sql in queries:
            try:
                cursor = conn.cursor()
                cursor.execute(sql + " LIMIT 1")
                if cursor.fetchone():
                    return True
            except Exception:
                conn.rollback()
        return False
    finally:
        conn.close()


def field_key(data_dir: Path, db: Mapping[str, Any]) -> tuple[str, str]:
    """The field-encryption key and where it came from (for messages).

    FIELD_ENCRYPTION_KEY wins; otherwise ``<data dir>/field_key``. That file is generated only
    when the database holds no encrypted data and no key check value: otherwise the key is left
    empty and start-up refuses with a message (core.keycheck) instead of starting a new key.
    """
    if env_str("FIELD_ENCRYPTION_KEY"):
        return fernet_key("FIELD_ENCRYPTION_KEY", env_str("FIELD_ENCRYPTION_KEY")), (
            "FIELD_ENCRYPTION_KEY"
        )
    path = data_dir / "field_key"
    if path.exists() and path.read_text().strip():
        return fernet_key(str(path), path.read_text().strip()), str(path)
    if database_holds_encrypted_data(db):
        return "", str(path)
    key = local_secret(
        data_dir, "field_key", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
    )
    return fernet_key(str(path), key), str(path)
