"""branchwork backup / restore: the demo round-trips on the database the suite runs on (SQLite,
or PostgreSQL when DATABASE_URL points to it), and damaged, foreign or unknown files, a
non-empty target and a wrong field key are refused with one line."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from branchwork.core import keycheck
from branchwork.core.backup import BackupError, create_backup, open_backup, restore_backup

pytestmark = pytest.mark.django_db

MEDIA = {
    "meetings/2019/minutes.pdf": b"%PDF-1.4 minutes",
    "roads/photos/路面.jpg": bytes(range(256)) * 4,
    "top.txt": b"a file at the top",
}


def other_key() -> str:
    return base64.urlsafe_b64encode(b"another 32-byte field key here!!").decode()


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory, django_db_setup, django_db_blocker, demo_data):
    """The demo backed up once, outside any test's transaction (as the command runs)."""
    tmp_path = tmp_path_factory.mktemp("backup")
    root = tmp_path / "media"
    for name, data in MEDIA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    path = tmp_path / "site.tar.gz"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=root):
        manifest = create_backup(path)
    return path, manifest


@pytest.fixture
def scratch_target(tmp_path):
    """Environment for a `branchwork` process whose database is new and empty: a new SQLite
    file in a new data directory, or a new PostgreSQL database (dropped afterwards)."""
    data_dir = tmp_path / "target"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "FIELD_ENCRYPTION_KEY")
    }
    env.update(
        BRANCHWORK_DATA_DIR=str(data_dir),
        FIELD_ENCRYPTION_KEY=settings.FIELD_ENCRYPTION_KEY,
        MEDIA_ROOT=str(data_dir / "media"),
    )
    if connection.vendor == "sqlite":
        yield env, {"kind": "sqlite", "path": data_dir / "branchwork.sqlite3"}
        return
    import psycopg
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    params = {
        "user": s.get("USER") or "",
        "password": s.get("PASSWORD") or "",
        "host": s.get("HOST") or "",
        "port": str(s.get("PORT") or ""),
    }
    params = {k: v for k, v in params.items() if v}
    name = f"{s['NAME']}_restore"
    with psycopg.connect(make_conninfo(dbname="postgres", **params), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{params.get('user', '')}:{params.get('password', '')}@".replace(":@", "@")
    env["DATABASE_URL"] = (
        f"postgres://{auth}{params.get('host', 'localhost')}:{params.get('port', '5432')}/{name}"
    )
    yield env, {"kind": "postgresql", "conninfo": make_conninfo(dbname=name, **params)}
    with psycopg.connect(make_conninfo(dbname="postgres", **params), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _conninfo(s, name: str | None = None) -> str:
    from psycopg.conninfo import make_conninfo

    params = {
        "dbname": name or s["NAME"],
        "user": s.get("USER") or "",
        "password": s.get("PASSWORD") or "",
        "host": s.get("HOST") or "",
        "port": str(s.get("PORT") or ""),
    }
    return make_conninfo(**{k: v for k, v in params.items() if v})


def run_branchwork(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "branchwork", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def source_rows() -> dict[str, list[str]]:
    if connection.vendor == "postgresql":
        # Read both sides through the same plain psycopg connection settings (Django's own
        # connection converts time zones and types differently).
        return target_rows({"kind": "postgresql", "conninfo": _conninfo(connection.settings_dict)})
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {table: _rows(cursor, table, connection.ops.quote_name) for table in tables}


def _rows(cursor, table: str, quote) -> list[str]:
    cursor.execute(f"SELECT * FROM {quote(table)}")
    return sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())


def _plain(value):
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return str(value) if value is not None else None


def target_rows(target: dict) -> dict[str, list[str]]:
    if target["kind"] == "sqlite":
        import sqlite3

        conn = sqlite3.connect(
            target["path"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        try:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            cursor = conn.cursor()
            return {t: _rows(cursor, t, connection.ops.quote_name) for t in names}
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(target["conninfo"]) as conn:
        cursor = conn.cursor()
        cursor.execute("SET TIME ZONE 'UTC'")
        names = [
            r[0]
            for r in cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        ]
        return {t: _rows(cursor, t, connection.ops.quote_name) for t in names}


def media_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def one_line_refusal(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_the_demo_round_trips_with_every_row_and_file(backup_file, scratch_target):
    path, manifest = backup_file
    env, target = scratch_target
    before = source_rows()
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["row_counts"]["members_member"] == len(before["members_member"]) > 0
    assert manifest["migrations"]["core"][-1] == "0003_keycheck"
    assert {k for k in manifest["members"] if k.startswith("media/")} == {
        f"media/{name}" for name in MEDIA
    }
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(path) as tar:
        names = tar.getnames()
        assert names[0] == "manifest.json"
        assert not any("field_key" in n or "secret_key" in n for n in names)
        key = settings.FIELD_ENCRYPTION_KEY.encode()
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            assert key not in data

    result = run_branchwork(env, "restore", str(path))
    assert result.returncode == 0, result.stderr
    assert "decrypts the restored data" in result.stdout

    after = target_rows(target)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert media_of(Path(env["MEDIA_ROOT"])) == MEDIA

    # A second restore over the now non-empty target needs --force.
    again = run_branchwork(env, "restore", str(path))
    one_line_refusal(again, "is not empty", "--force")
    forced = run_branchwork(env, "restore", "--force", str(path))
    assert forced.returncode == 0, forced.stderr
    assert target_rows(target) == before


def test_a_wrong_key_after_restore_is_reported(backup_file, scratch_target):
    path, _manifest = backup_file
    env, _target = scratch_target
    env["FIELD_ENCRYPTION_KEY"] = other_key()
    result = run_branchwork(env, "restore", str(path))
    one_line_refusal(result, "another field-encryption key", "does not decrypt", "data directory")
    assert "Restored the backup" in result.stdout


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy a backup, passing (name, bytes) of every member through change()."""
    with tarfile.open(source) as tar, tarfile.open(target, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            data = change(member.name, data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def _refused(path: Path, message: str) -> None:
    with pytest.raises(BackupError, match=message), open_backup(path):
        pass


def test_a_damaged_file_is_refused(backup_file, tmp_path, scratch_target):
    path, manifest = backup_file
    db = manifest["database_file"]

    def flip(name, data):
        if name != db:
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]

    damaged = _rewrite(path, tmp_path / "damaged.tar.gz", flip)
    _refused(damaged, f"damaged: the checksum of {db} differs")
    env, _target = scratch_target
    one_line_refusal(run_branchwork(env, "restore", str(damaged)), "checksum", db)

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(truncated, "damaged|not a tar archive")

    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not an archive\n" * 10)
    _refused(junk, "not a Branchwork backup \\(not a tar archive\\)")
    one_line_refusal(run_branchwork(env, "restore", str(junk)), "not a Branchwork backup")

    no_manifest = _rewrite(
        path, tmp_path / "nomanifest.tar.gz", lambda n, d: b"{}" if n == "manifest.json" else d
    )
    _refused(no_manifest, "no readable manifest")

    extra = tmp_path / "extra.tar.gz"
    with tarfile.open(path) as tar, tarfile.open(extra, "w:gz") as out:
        for member in tar.getmembers():
            out.addfile(member, tar.extractfile(member))
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        out.addfile(info, io.BytesIO(b"x"))
    _refused(extra, "unexpected member")


def test_an_unknown_format_version_is_refused(backup_file, tmp_path):
    path, _manifest = backup_file

    def bump(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["format_version"] = 99
        return json.dumps(manifest).encode()

    _refused(
        _rewrite(path, tmp_path / "v99.tar.gz", bump),
        "format version 99; .* reads format version 1",
    )


def test_a_backup_of_another_database_vendor_is_refused(backup_file, tmp_path):
    path, _manifest = backup_file
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def vendor(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database_vendor"] = other
        return json.dumps(manifest).encode()

    foreign = _rewrite(path, tmp_path / "foreign.tar.gz", vendor)
    with pytest.raises(BackupError, match=r"This backup is of a .* database; the configured"):
        restore_backup(foreign, force=True)


def test_a_non_empty_database_is_not_replaced_without_force(backup_file):
    path, _manifest = backup_file
    with pytest.raises(BackupError, match=r"is not empty .* Use --force"):
        restore_backup(path)


def test_an_older_backup_is_migrated_forward(backup_file, tmp_path, scratch_target):
    """A backup made before the key check table existed gains it (and its value) on restore."""
    if connection.vendor != "sqlite":
        pytest.skip("the older database is made by editing an SQLite file")
    import hashlib
    import sqlite3

    path, manifest = backup_file
    db = manifest["database_file"]
    work = tmp_path / "old.sqlite3"

    with tarfile.open(path) as tar:
        work.write_bytes(tar.extractfile(db).read())  # type: ignore[union-attr]
    conn = sqlite3.connect(work)
    conn.execute("DROP TABLE core_keycheck")
    conn.execute("DELETE FROM django_migrations WHERE app='core' AND name='0003_keycheck'")
    conn.commit()
    conn.close()
    data = work.read_bytes()

    def swap(name, content):
        if name == db:
            return data
        if name == "manifest.json":
            m = json.loads(content)
            m["members"][db]["sha256"] = hashlib.sha256(data).hexdigest()
            m["migrations"]["core"].remove("0003_keycheck")
            return json.dumps(m).encode()
        return content

    old = _rewrite(path, tmp_path / "old.tar.gz", swap)
    env, target = scratch_target
    result = run_branchwork(env, "restore", str(old))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(target["path"])
    try:
        assert conn.execute(
            "SELECT 1 FROM django_migrations WHERE app='core' AND name='0003_keycheck'"
        ).fetchone()
        (value,) = conn.execute("SELECT value FROM core_keycheck").fetchone()
    finally:
        conn.close()
    assert value == keycheck.check_value(settings.FIELD_ENCRYPTION_KEY)


def test_a_restore_that_fails_in_the_database_leaves_the_files_as_they_were(
    backup_file, tmp_path, settings, monkeypatch
):
    """All or nothing: the backup's files are staged beside MEDIA_ROOT and only swapped in
    once the database is replaced; a failure in between removes the staged copy."""
    from branchwork.core import backup

    path, _manifest = backup_file
    media = tmp_path / "media"
    (media / "meetings").mkdir(parents=True)
    (media / "meetings" / "kept.txt").write_bytes(b"the file that was there")
    settings.MEDIA_ROOT = str(media)

    def fail(*args, **kwargs):
        raise BackupError("simulated failure while loading the database")

    monkeypatch.setattr(backup, "_restore_sqlite", fail)
    monkeypatch.setattr(backup, "_restore_postgresql", fail)
    with pytest.raises(BackupError, match="simulated"):
        restore_backup(path, force=True)
    assert media_of(media) == {"meetings/kept.txt": b"the file that was there"}
    assert [p.name for p in tmp_path.iterdir()] == ["media"]  # no staged copy left behind
