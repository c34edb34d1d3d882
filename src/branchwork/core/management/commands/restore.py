"""branchwork restore FILE [--force]: bring back a backup made by `branchwork backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from branchwork.core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `branchwork backup` into the configured database and media "
        "directory, then migrate it forward. Refuses a damaged or foreign file, and a non-empty "
        "database without --force. Checks that the configured field-encryption key decrypts "
        "the restored data."
    )
    # The configured key may not match the database being replaced: the restore checks it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup file made by `branchwork backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and media directory that are not empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = restore_backup(
            Path(options["file"]), force=options["force"], verbosity=options["verbosity"]
        )
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Branchwork "
            f"{manifest['branchwork_version']}, {sum(manifest['row_counts'].values())} rows, "
            f"{result.media_files} uploaded files) and migrated it forward."
        )
        if not result.key_ok:
            raise CommandError(
                "The restored data was encrypted with another field-encryption key: the key "
                f"from {settings.FIELD_ENCRYPTION_KEY_SOURCE} does not decrypt "
                f"{result.undecryptable or 'the'} stored ID numbers (data directory in use: "
                f"{settings.DATA_DIR}). Set FIELD_ENCRYPTION_KEY to the key of the installation "
                "the backup came from."
            )
        self.stdout.write("The configured field-encryption key decrypts the restored data.")
