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
            "--fill-english",
            action="store_true",
            help="Set every empty English msgstr to its msgid (English is the source language).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if any catalog has an untranslated or fuzzy entry.",
        )

    def handle(self, *args, **options):
        problems = []
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                if options["fill_english"] and po_path.parts[-3] == "en":
                    for entry in catalog:
                        if "fuzzy" in entry.flags:  # msgmerge's guesses are wrong in English
                            entry.flags.remove("fuzzy")
                            entry.previous_msgid = entry.previous_msgid_plural = None
                            entry.msgstr = ""
                            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
                        if entry.msgid_plural:
                            if not any(entry.msgstr_plural.values()):
                                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                        elif not entry.msgstr:
                            entry.msgstr = entry.msgid
                    catalog.save()
                if options["check"]:
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
