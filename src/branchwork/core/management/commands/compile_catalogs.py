"""Compile the translation catalogs (.po → .mo) with polib, so that building Branchwork needs
no GNU gettext on the machine. `make` runs this; the .mo files are not committed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po into its .mo file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if a catalog has an untranslated or fuzzy entry (zh_Hans must be complete).",
        )

    def handle(self, *args, **options):
        problems = []
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                if options["check"] and not po_path.parts[-3].startswith("en"):
                    untranslated = catalog.untranslated_entries()
                    fuzzy = catalog.fuzzy_entries()
                    for entry in untranslated + fuzzy:
                        kind = "fuzzy" if entry in fuzzy else "untranslated"
                        problems.append(f"{po_path}: {kind}: {entry.msgid!r}")
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        if problems:
            raise CommandError("Incomplete catalogs:\n" + "\n".join(problems))
        self.stdout.write(f"Compiled {count} catalog(s).")
