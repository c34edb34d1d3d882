"""branchwork backup FILE: the database, the uploaded files and a manifest in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from branchwork.core.audit import record, system_actor
from branchwork.core.backup import create_backup
from branchwork.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Write the database (SQLite online backup or pg_dump), the uploaded files and a manifest "
        "to one file (tar.gz). Safe while the server runs. The field-encryption key is not "
        "included: keep it apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to write (e.g. branchwork.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        manifest = create_backup(path)
        tables = manifest["row_counts"]
        # A backup holds every member's personal data: logged like every export.
        record(
            actor=system_actor("command: backup"),
            kind=AuditEvent.Kind.EXPORT,
            model="backup",
            object_repr=str(path.resolve())[:200],
            note=f"{sum(tables.values())} rows, {len(manifest['members']) - 1} uploaded files",
        )
        self.stdout.write(
            f"Backed up the {manifest['database_vendor']} database ({len(tables)} tables, "
            f"{sum(tables.values())} rows) and {len(manifest['members']) - 1} uploaded files "
            f"to {path}. The field-encryption key is not in it: keep it apart."
        )
