"""The field-encryption key cannot silently change.

The database keeps a check value of the key its data is encrypted with (an HMAC-SHA256 of a
fixed text under the key, table ``core_keycheck``, one row), written after ``migrate`` once the
configured key is known to decrypt the data already stored. Every new database connection (so
``runserver``, ``migrate``, every command, the WSGI application) and a system check compare the
configured key with it and refuse, with one line naming the data directory in use, when they
differ. ``config.env.field_key`` never generates a key file for a database that already holds
encrypted data or a check value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

CHECK_TABLE = "core_keycheck"
_CHECK_TEXT = b"branchwork field key check v1"
# Databases (alias, name, key) whose check value matched in this process.
_verified: set[tuple[str, str, str]] = set()
_suspended = 0


class FieldKeyMismatch(CommandError, ImproperlyConfigured):
    """The configured field-encryption key is missing or not the key of the stored data.

    A CommandError, so that a command prints the one-line message and exits non-zero.
    """


def check_value(key: str) -> str:
    """The check value of a Fernet key (hex HMAC-SHA256 of a fixed text; reveals no key)."""
    raw = base64.urlsafe_b64decode(key.encode())
    return hmac.new(raw, _CHECK_TEXT, hashlib.sha256).hexdigest()


def _describe(connection: BaseDatabaseWrapper) -> str:
    name = connection.settings_dict.get("NAME")
    return f"{connection.vendor} database {name}"


def mismatch_message(connection: BaseDatabaseWrapper) -> str:
    """The one line shown when the key does not match (or is missing)."""
    source = settings.FIELD_ENCRYPTION_KEY_SOURCE
    if not settings.FIELD_ENCRYPTION_KEY:
        what = (
            f"No field-encryption key: FIELD_ENCRYPTION_KEY is not set and {source} does not "
            f"exist, but the {_describe(connection)} holds encrypted data"
        )
    else:
        what = (
            f"The field-encryption key from {source} is not the key the data in the "
            f"{_describe(connection)} was encrypted with"
        )
    return (
        f"{what} (data directory in use: {settings.DATA_DIR}). Set FIELD_ENCRYPTION_KEY to "
        "that key, or BRANCHWORK_DATA_DIR to the data directory that holds its field_key."
    )


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def stored_value(connection: BaseDatabaseWrapper) -> str | None:
    """The stored check value, or None when there is none (or no table yet)."""
    if CHECK_TABLE not in _tables(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {CHECK_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else None


def encrypted_columns() -> list[tuple[str, str]]:
    """(table, column) of every field holding encrypted values (named ``*_encrypted``)."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.name.endswith("_encrypted")
    ]


def encrypted_values(connection: BaseDatabaseWrapper, limit: int | None = None) -> list[str]:
    """Stored encrypted values (all, or at most ``limit`` per column)."""
    tables = set(_tables(connection))
    values: list[str] = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in encrypted_columns():
            if table not in tables:
                continue
            sql = f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''"
            cursor.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))
            values.extend(str(row[0]) for row in cursor.fetchall())
    return values


def undecryptable(connection: BaseDatabaseWrapper, limit: int | None = None) -> int:
    """How many stored encrypted values the configured key cannot decrypt."""
    values = encrypted_values(connection, limit)
    if not values:
        return 0
    if not settings.FIELD_ENCRYPTION_KEY:
        return len(values)
    fernet = Fernet(settings.FIELD_ENCRYPTION_KEY.encode())
    failed = 0
    for token in values:
        try:
            fernet.decrypt(token.encode())
        except InvalidToken:
            failed += 1
    return failed


def verify(connection: BaseDatabaseWrapper) -> None:
    """Raise FieldKeyMismatch when the database's check value is not the configured key's.

    Without a configured key (see config.env.field_key) any check value or encrypted data is a
    mismatch. A database without a check value passes (``ensure`` writes one after migrate).
    """
    stored = stored_value(connection)
    if not settings.FIELD_ENCRYPTION_KEY:
        if stored is not None or encrypted_values(connection, 1):
            raise FieldKeyMismatch(mismatch_message(connection))
        return
    if stored is not None and not hmac.compare_digest(
        stored, check_value(settings.FIELD_ENCRYPTION_KEY)
    ):
        raise FieldKeyMismatch(mismatch_message(connection))


def ensure(connection: BaseDatabaseWrapper) -> None:
    """Store the configured key's check value if none is stored yet.

    Refuses (FieldKeyMismatch) when a different value is stored or when the key does not
    decrypt every encrypted value already there (a database from before the check).
    """
    if CHECK_TABLE not in _tables(connection):
        return
    verify(connection)
    if stored_value(connection) is not None:
        return
    if undecryptable(connection):
        raise FieldKeyMismatch(mismatch_message(connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CHECK_TABLE} (id, value) VALUES (1, %s)",
            [check_value(settings.FIELD_ENCRYPTION_KEY)],
        )


def ensure_default() -> None:
    """``ensure`` on the default database once per process (called before encrypting)."""
    connection = connections["default"]
    marker = _marker(connection)
    if _suspended or marker in _verified:
        return
    ensure(connection)
    if stored_value(connection) is not None:
        _verified.add(marker)


@contextmanager
def suspended() -> Iterator[None]:
    """No key checks inside (restore replaces the database and checks the key itself)."""
    global _suspended
    _suspended += 1
    try:
        yield
    finally:
        _suspended -= 1


def forget() -> None:
    """Forget which databases were verified (after a restore, or a key change in tests)."""
    _verified.clear()


def _marker(connection: BaseDatabaseWrapper) -> tuple[str, str, str]:
    return (connection.alias, str(connection.settings_dict.get("NAME")), _key())


def _key() -> str:
    return str(settings.FIELD_ENCRYPTION_KEY)


def _on_connect(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    marker = _marker(connection)
    if _suspended or marker in _verified:
        return
    try:
        verify(connection)
    except FieldKeyMismatch:
        connection.close()
        raise
    except DatabaseError:
        return
    if stored_value(connection) is not None:
        _verified.add(marker)


def _after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if _suspended or getattr(sender, "label", None) != "core":
        return
    ensure(connections[using])


def database_exists(connection: BaseDatabaseWrapper) -> bool:
    """False for an SQLite file that is not there yet (checking must not create it)."""
    if connection.vendor != "sqlite" or connection.connection is not None:
        return True
    name = str(connection.settings_dict.get("NAME") or "")
    if in_memory(connection):
        return True
    return bool(name) and Path(name).exists()


def in_memory(connection: BaseDatabaseWrapper) -> bool:
    """An in-memory SQLite database (the test database)."""
    check = getattr(connection, "is_in_memory_db", None)
    return bool(check and check())


@checks.register()
def field_key_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Runs before every command and ``runserver``: refuses a key that does not match.

    Raises FieldKeyMismatch (printed as one line) rather than returning an Error, so that the
    refusal reads the same in every command.
    """
    connection = connections["default"]
    if _suspended or not database_exists(connection):
        return []
    try:
        connection.ensure_connection()
        verify(connection)
    except DatabaseError:
        return []
    except FieldKeyMismatch as exc:
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # runserver's reloaded child would print a traceback and wait for file changes:
            # stop it (and so the runserver) with the one line instead.
            sys.stderr.write(f"FieldKeyMismatch: {exc}\n")
            sys.stderr.flush()
            os._exit(1)
        raise
    return []


connection_created.connect(_on_connect, dispatch_uid="branchwork.core.keycheck")
post_migrate.connect(_after_migrate, dispatch_uid="branchwork.core.keycheck")
