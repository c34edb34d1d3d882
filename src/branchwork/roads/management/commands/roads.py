"""`branchwork roads condition FILE.csv [--profile NAME] [--json]` and
`branchwork roads load-divisions FILE.csv`."""

import csv
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from branchwork.maintenance import condition
from branchwork.maintenance.imports import read_survey
from branchwork.maintenance.profiles import BUILT_IN
from branchwork.roads.services import CODE_SYSTEM


class Command(BaseCommand):
    help = "Road tools: evaluate a distress survey; load administrative divisions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("condition", help="Evaluate a survey file without storing it.")
        evaluate.add_argument("file", type=Path)
        evaluate.add_argument(
            "--profile",
            default="JTG 5210-2018",
            help="A stored profile: its name (the newest version) or 'NAME vN'. Default: "
            + ", ".join(BUILT_IN),
        )
        evaluate.add_argument("--json", action="store_true")
        divisions = sub.add_parser("load-divisions", help="Load code,name,level,parent_code rows.")
        divisions.add_argument("file", type=Path)
        divisions.add_argument("--code-system", default=CODE_SYSTEM)

    def handle(self, *args, **options):
        if options["action"] == "condition":
            self._condition(options)
        else:
            self._divisions(options)

    def _condition(self, options):
        from django.core.exceptions import ValidationError

        from branchwork.maintenance.selectors import profile_named

        try:
            stored = profile_named(options["profile"])
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        profile = stored.table
        if not options["file"].is_file():
            raise CommandError(f"{options['file']}: no such file.")
        sheet = read_survey(options["file"], profile)
        if sheet.errors:
            for line in sheet.errors:
                sys.stderr.write(line + "\n")
            raise CommandError(f"Nothing evaluated: {len(sheet.errors)} error(s).")
        results = [row["result"] for row in sheet.rows]
        if options["json"]:
            self.stdout.write(
                json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2)
            )
            return
        for r in results:
            self.stdout.write(
                f"{r.route_code} {r.from_stake}-{r.to_stake}  DR {r.dr:6.2f}  PCI {r.pci:6.2f}  "
                f"PQI {r.pqi:6.2f}  {r.grade} ({condition.GRADE_LABELS_ZH[r.grade]})"
            )
        summary = condition.network_summary(results)
        self.stdout.write(
            f"{summary['length_km']} km, PQI {summary['pqi']}, "
            f"excellent+good {summary['good_share']} %, "
            f"poor+bad {summary['poor_share']} % (profile {stored})"
        )

    def _divisions(self, options):
        from django.core.exceptions import ValidationError

        from branchwork.core.audit import system_actor
        from branchwork.roads.services import divisions_load

        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        try:
            loaded = divisions_load(
                actor=system_actor("command: roads load-divisions"),
                rows=rows,
                code_system=options["code_system"],
            )
        except ValidationError as exc:
            for line in exc.messages:
                sys.stderr.write(line + "\n")
            raise CommandError(f"Nothing loaded: {len(exc.messages)} error(s).") from None
        self.stdout.write(
            f"{loaded['read']} divisions read: {loaded['added']} added, {loaded['renamed']} "
            f"renamed ({loaded['total']} in all, code system {options['code_system']})."
        )
