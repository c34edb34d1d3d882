"""The field-encryption key cannot silently change (issue 13 §4): the database keeps a check
value of its key; a different or missing key stops every command, the server and the WSGI
application with one line naming the data directory, and no new key file is generated for a
database that already holds encrypted data."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from branchwork.core import crypto, keycheck

KEY = base64.urlsafe_b64encode(b"the right 32-byte field key!!!!!").decode()
WRONG = base64.urlsafe_b64encode(b"a wrong 32-byte field key!!!!!!!").decode()


def run_branchwork(data_dir: Path, *args: str, key: str | None = None, python: bool = False):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "FIELD_ENCRYPTION_KEY")
    }
    env["BRANCHWORK_DATA_DIR"] = str(data_dir)
    if key is not None:
        env["FIELD_ENCRYPTION_KEY"] = key
    command = [sys.executable, *args] if python else [sys.executable, "-m", "branchwork", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def data_dir_with(tmp_path: Path, *, check: bool = True, member: bool = False) -> Path:
    """A data directory whose database holds the key check value of KEY and/or one member's
    encrypted ID number (as a database from before the check would)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "branchwork.sqlite3")
    if check:
        conn.execute("CREATE TABLE core_keycheck (id integer PRIMARY KEY, value varchar(64))")
        conn.execute("INSERT INTO core_keycheck VALUES (1, ?)", [keycheck.check_value(KEY)])
    if member:
        conn.execute("CREATE TABLE members_member (id integer PRIMARY KEY, id_number_encrypted)")
        token = Fernet(KEY.encode()).encrypt(b"520602198001010217").decode()
        conn.execute("INSERT INTO members_member VALUES (1, ?)", [token])
    conn.commit()
    conn.close()
    return data_dir


def refused(result: subprocess.CompletedProcess, data_dir: Path, start: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"FieldKeyMismatch: {start}"), lines[0]
    assert f"data directory in use: {data_dir}" in lines[0]


def test_the_right_key_starts(tmp_path):
    data_dir = data_dir_with(tmp_path)
    result = run_branchwork(data_dir, "check", key=KEY)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("command", [["check"], ["migrate"], ["runserver", "--noreload"]])
def test_a_wrong_key_stops_start_up_with_one_line(tmp_path, command):
    data_dir = data_dir_with(tmp_path)
    result = run_branchwork(data_dir, *command, key=WRONG)
    refused(result, data_dir, "The field-encryption key from FIELD_ENCRYPTION_KEY is not the key")


def test_a_wrong_key_stops_the_wsgi_application(tmp_path):
    data_dir = data_dir_with(tmp_path)
    code = (
        "from branchwork.config.wsgi import application\n"
        "from django.db import connection\n"
        "try:\n"
        "    connection.ensure_connection()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    result = run_branchwork(data_dir, "-c", code, key=WRONG, python=True)
    assert result.stdout.startswith("FieldKeyMismatch: ") or result.stdout.startswith(
        "FieldKeyMismatch The field-encryption key"
    ), result.stdout + result.stderr


@pytest.mark.parametrize(("check", "member"), [(True, False), (False, True), (True, True)])
def test_a_missing_key_file_is_not_replaced_by_a_new_key(tmp_path, check, member):
    data_dir = data_dir_with(tmp_path, check=check, member=member)
    for command in (["check"], ["migrate"]):
        result = run_branchwork(data_dir, *command)
        refused(result, data_dir, "No field-encryption key: FIELD_ENCRYPTION_KEY is not set")
        assert not (data_dir / "field_key").exists()


def test_another_data_directory_does_not_start_a_second_key(tmp_path):
    """The issue's case: a command run elsewhere with the database named explicitly."""
    data_dir = data_dir_with(tmp_path, member=True)
    elsewhere = tmp_path / "elsewhere"
    env_db = f"sqlite:///{data_dir / 'branchwork.sqlite3'}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "FIELD_ENCRYPTION_KEY")
    }
    env.update(BRANCHWORK_DATA_DIR=str(elsewhere), DATABASE_URL=env_db)
    result = subprocess.run(
        [sys.executable, "-m", "branchwork", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    refused(result, elsewhere, "No field-encryption key")
    assert not (elsewhere / "field_key").exists()


def test_a_new_database_still_gets_a_key_file(tmp_path):
    result = run_branchwork(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "field_key").exists()


@pytest.mark.django_db
def test_the_test_database_holds_the_check_value_of_the_configured_key():
    assert keycheck.stored_value(connection) == keycheck.check_value(settings.FIELD_ENCRYPTION_KEY)
    keycheck.verify(connection)


@pytest.mark.django_db
def test_nothing_is_encrypted_under_a_key_that_does_not_match():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_keycheck SET value = %s", [keycheck.check_value(WRONG)])
    keycheck.forget()
    try:
        with pytest.raises(keycheck.FieldKeyMismatch, match="is not the key"):
            keycheck.verify(connection)
        with pytest.raises(keycheck.FieldKeyMismatch, match="data directory in use"):
            crypto.encrypt("520602198001010217")
    finally:
        keycheck.forget()


@pytest.mark.django_db
def test_a_database_without_a_check_value_gets_one_only_if_the_key_decrypts_its_data():
    from branchwork.members.models import Member

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_keycheck")
    keycheck.ensure(connection)
    assert keycheck.stored_value(connection) == keycheck.check_value(settings.FIELD_ENCRYPTION_KEY)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_keycheck")
    token = Fernet(WRONG.encode()).encrypt(b"520602198001010217").decode()
    Member.objects.filter(pk=Member.objects.order_by("pk").first().pk).update(  # type: ignore[union-attr]
        id_number_encrypted=token
    )
    with pytest.raises(keycheck.FieldKeyMismatch):
        keycheck.ensure(connection)
    assert keycheck.stored_value(connection) is None
