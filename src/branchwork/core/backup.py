"""Backup and restore of a whole installation in one file.

The file is a gzip-compressed tar archive holding ``manifest.json`` (first), the database
(``database.sqlite3`` made with SQLite's online backup API, or ``database.pgdump`` made with
``pg_dump --format=custom``; both consistent while the server runs) and the uploaded files under
``media/``. The manifest records the format version, the Branchwork version, the database
vendor, the applied migrations per app, the row count of every table and the SHA-256 of every
other member. The field-encryption key is never inside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

import branchwork
from branchwork.core import keycheck

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables a freshly migrated database fills by itself: rows there do not make it "non-empty".
SETUP_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    keycheck.CHECK_TABLE,
}


class BackupError(CommandError):
    """A backup or restore refused, with a one-line reason."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    media_files: int
    key_ok: bool
    undecryptable: int = 0
    notes: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# --- Database facts --------------------------------------------------------------------------


def _facts(cursor: Any, tables: list[str], quote: Any) -> tuple[dict[str, list[str]], dict]:
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return migrations, counts


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [row[0] for row in rows]


def _pg_params(connection: BaseDatabaseWrapper) -> dict[str, str]:
    s = connection.settings_dict
    return {
        "dbname": str(s["NAME"]),
        "user": str(s.get("USER") or ""),
        "password": str(s.get("PASSWORD") or ""),
        "host": str(s.get("HOST") or ""),
        "port": str(s.get("PORT") or ""),
    }


def _pg_env_args(connection: BaseDatabaseWrapper) -> tuple[dict[str, str], list[str]]:
    params = _pg_params(connection)
    env = dict(os.environ)
    if params["password"]:
        env["PGPASSWORD"] = params["password"]
    args = ["--dbname", params["dbname"]]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params[key]:
            args += [flag, params[key]]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return path


def _pg_connect(connection: BaseDatabaseWrapper) -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    params = {k: v for k, v in _pg_params(connection).items() if v}
    return psycopg.connect(make_conninfo(**params))


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict, dict]:
    if connection.in_atomic_block:
        # SQLite's backup would wait forever for this connection's own write lock.
        raise BackupError("Cannot back up an SQLite database from inside a transaction.")
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        migrations, counts = _facts(dest.cursor(), _sqlite_tables(dest), connection.ops.quote_name)
    finally:
        dest.close()
    return migrations, counts


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict, dict]:
    """pg_dump and the manifest's facts from one snapshot (exported by a repeatable-read
    transaction that stays open while pg_dump runs)."""
    pg_dump = _tool("pg_dump")
    env, args = _pg_env_args(connection)
    with _pg_connect(connection) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = row[0] if row else ""
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", "--file", str(target), *args],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1:]}")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        ]
        migrations, counts = _facts(conn.cursor(), tables, connection.ops.quote_name)
        conn.rollback()
    return migrations, counts


def create_backup(path: Path, *, using: str = "default") -> dict[str, Any]:
    """Write the backup of database ``using`` and MEDIA_ROOT to ``path`` (tar.gz, mode 0600).

    Returns the manifest. Raises BackupError for an unsupported database or a failed pg_dump.
    """
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Cannot back up a {vendor} database.")
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="bw-backup-") as tmp:
        db_file = Path(tmp) / DB_MEMBER[vendor]
        if vendor == "sqlite":
            migrations, counts = _dump_sqlite(connection, db_file)
        else:
            migrations, counts = _dump_postgresql(connection, db_file)
        media_root = _media_root()
        media = _media_files(media_root)
        members = {DB_MEMBER[vendor]: {"sha256": _sha256(db_file), "size": db_file.stat().st_size}}
        for file in media:
            name = "media/" + file.relative_to(media_root).as_posix()
            members[name] = {"sha256": _sha256(file), "size": file.stat().st_size}
        manifest = {
            "format": "branchwork-backup",
            "format_version": FORMAT_VERSION,
            "branchwork_version": branchwork.__version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database_vendor": vendor,
            "database_file": DB_MEMBER[vendor],
            "migrations": migrations,
            "row_counts": counts,
            "members": members,
        }
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mode = 0o600
            info.mtime = int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=DB_MEMBER[vendor], recursive=False)
            for file in media:
                tar.add(file, arcname="media/" + file.relative_to(media_root).as_posix())
        partial.replace(path)
    return manifest


# --- Restore ---------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    """The manifest of an open archive, checked for format and version (BackupError)."""
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != "branchwork-backup":
        raise BackupError("This is not a Branchwork backup: it has no readable manifest.json.")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {version!r}; this Branchwork "
            f"({branchwork.__version__}) reads format version {FORMAT_VERSION}."
        )
    return manifest


@contextlib.contextmanager
def open_backup(path: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    """Open and check a backup: archive, manifest, member names and every checksum."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        tar = tarfile.open(path, mode="r:*")  # noqa: SIM115  (closed by open_backup)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is not a Branchwork backup (not a tar archive).") from None
    try:
        manifest = _checked(tar, path)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        tar.close()
        raise BackupError(f"{path} is damaged: {exc}.") from None
    except BaseException:
        tar.close()
        raise
    try:
        yield tar, manifest
    finally:
        tar.close()


def _checked(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    manifest = read_manifest(tar)
    expected = manifest.get("members")
    if not isinstance(expected, dict) or manifest.get("database_file") not in expected:
        raise BackupError(f"{path} is damaged: the manifest lists no database.")
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        name = PurePosixPath(member.name)
        if (
            not member.isfile()
            or name.is_absolute()
            or ".." in name.parts
            or member.name not in expected
        ):
            raise BackupError(f"{path} is damaged: unexpected member {member.name!r}.")
        handle = tar.extractfile(member)
        if handle is None:
            raise BackupError(f"{path} is damaged: {member.name} cannot be read.")
        digest = hashlib.sha256()
        for chunk in iter(lambda h=handle: h.read(1 << 20), b""):  # type: ignore[misc]
            digest.update(chunk)
        if digest.hexdigest() != expected[member.name].get("sha256"):
            raise BackupError(f"{path} is damaged: the checksum of {member.name} differs.")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path} is damaged: {missing[0]} is missing.")
    return manifest


def user_rows(connection: BaseDatabaseWrapper) -> int:
    """Rows in the tables a user fills (0 for a new or freshly migrated database)."""
    if not keycheck.database_exists(connection):
        return 0
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        total = 0
        for table in tables:
            if table in SETUP_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            total += int(cursor.fetchone()[0])
    return total


def _restore_sqlite(connection: BaseDatabaseWrapper, source_file: Path) -> None:
    connection.close()
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(source_file)
    try:
        source.execute("PRAGMA journal_mode=WAL")
        if keycheck.in_memory(connection):
            raise BackupError("Cannot restore into an in-memory SQLite database.")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(name, timeout=30)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, source_file: Path) -> None:
    """Drop every table and load the dump in ONE transaction (psql --single-transaction over
    the DROPs and the SQL that pg_restore writes from the custom-format dump): a failure at
    any point leaves the database exactly as it was."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    with connection.cursor() as cursor:
        drops = [
            f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE;\n"
            for table in connection.introspection.table_names(cursor)
        ]
    connection.close()
    env, args = _pg_env_args(connection)
    script = source_file.with_suffix(".sql")
    result = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", "--file", str(script), str(source_file)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode == 0:
        with script.open("r+", encoding="utf-8") as handle:
            body = handle.read()
            handle.seek(0)
            handle.write("".join(drops) + body)
        result = subprocess.run(
            [psql, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
             *args, "--file", str(script)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise BackupError(f"pg_restore failed: {lines[-1] if lines else result.returncode}")


def _stage_media(tar: tarfile.TarFile, root: Path) -> tuple[Path, int]:
    """Write the backup's files into a new directory beside MEDIA_ROOT (before the database is
    touched, so a full disk or a bad member refuses the restore with nothing changed)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    count = 0
    for member in tar.getmembers():
        if not member.name.startswith("media/"):
            continue
        target = fresh / PurePosixPath(member.name).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tar.extractfile(member)
        if handle is None:
            continue
        with target.open("wb") as out:
            shutil.copyfileobj(handle, out)
        count += 1
    return fresh, count


def _swap_media(fresh: Path, root: Path) -> None:
    """Put the staged directory in MEDIA_ROOT's place (two renames on one file system)."""
    old = root.with_name(root.name + ".old-restore")
    if root.exists():
        if old.exists():
            shutil.rmtree(old)
        root.rename(old)
    fresh.rename(root)
    if old.exists():
        shutil.rmtree(old)


def restore_backup(
    path: Path, *, force: bool = False, using: str = "default", verbosity: int = 1
) -> RestoreResult:
    """Restore a backup into database ``using`` and MEDIA_ROOT, then migrate forward.

    Refuses (BackupError, nothing changed) a file that is not a Branchwork backup, is damaged
    (checksums), has an unknown format version or comes from another database vendor, and a
    non-empty database or media directory unless ``force``. After migrating, checks that the
    configured field-encryption key decrypts every restored encrypted value (``key_ok``).
    """
    connection = connections[using]
    with keycheck.suspended(), open_backup(Path(path)) as (tar, manifest):
        vendor = manifest.get("database_vendor")
        if vendor != connection.vendor:
            raise BackupError(
                f"This backup is of a {VENDOR_NAMES.get(str(vendor), vendor)} database; the "
                f"configured database is {VENDOR_NAMES.get(connection.vendor, connection.vendor)}"
                f" ({connection.settings_dict.get('NAME')}). Restore it into "
                f"{VENDOR_NAMES.get(str(vendor), vendor)} (set DATABASE_URL)."
            )
        if not force:
            rows = user_rows(connection)
            if rows:
                raise BackupError(
                    f"The database {connection.settings_dict.get('NAME')} is not empty ({rows} "
                    "rows); restoring replaces everything in it. Use --force to do that."
                )
            if _media_files(_media_root()):
                raise BackupError(
                    f"The media directory {_media_root()} is not empty; restoring replaces it. "
                    "Use --force to do that."
                )
        # All or nothing: the files are staged first, the database is replaced in one step, and
        # only then do the staged files take MEDIA_ROOT's place.
        staged, media_count = _stage_media(tar, _media_root())
        try:
            with tempfile.TemporaryDirectory(prefix="bw-restore-") as tmp:
                member = tar.getmember(manifest["database_file"])
                db_file = Path(tmp) / "database"
                handle = tar.extractfile(member)
                if handle is None:
                    raise BackupError(f"{path} is damaged: the database cannot be read.")
                with db_file.open("wb") as out:
                    shutil.copyfileobj(handle, out)
                if vendor == "sqlite":
                    _restore_sqlite(connection, db_file)
                else:
                    _restore_postgresql(connection, db_file)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        _swap_media(staged, _media_root())
        keycheck.forget()
        call_command("migrate", database=using, interactive=False, verbosity=max(verbosity - 1, 0))
        failed = keycheck.undecryptable(connection)
        stored = keycheck.stored_value(connection)
        key_ok = not failed and (
            stored is None
            or (
                bool(settings.FIELD_ENCRYPTION_KEY)
                and stored == keycheck.check_value(settings.FIELD_ENCRYPTION_KEY)
            )
        )
        if key_ok and stored is None:
            keycheck.ensure(connection)
    return RestoreResult(
        manifest=manifest, media_files=media_count, key_ok=key_ok, undecryptable=failed
    )
