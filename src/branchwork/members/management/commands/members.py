"""`branchwork members import|export --org CODE FILE.xlsx`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from branchwork.core.audit import system_actor
from branchwork.members import exports, imports, selectors, services
from branchwork.organizations.models import Organization

MEMBERS_COMMAND = system_actor("command: members")


class Command(BaseCommand):
    help = "Import or export an organization's member roll as Excel."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import members (all or nothing).")
        imp.add_argument("--org", required=True, help="Organization code, e.g. tr-highway.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        exp = sub.add_parser("export", help="Export the roll (full personal data).")
        exp.add_argument("--org", required=True)
        exp.add_argument("file", type=Path)

    def _org(self, code: str) -> Organization:
        try:
            return Organization.objects.get(code=code)
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {code!r}.") from None

    def handle(self, *args, **options):
        org = self._org(options["org"])
        path: Path = options["file"]
        if options["action"] == "import":
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            with path.open("rb") as handle:
                result = imports.read_members(handle, org)
            if not result.ok:
                for line in result.errors:
                    sys.stderr.write(line + "\n")
                raise CommandError(
                    f"Nothing imported: {len(result.errors)} error(s) in {path.name}."
                )
            if options["dry_run"]:
                self.stdout.write(f"{len(result.rows)} rows are valid (dry run: nothing written).")
                return
            count = services.members_import(
                actor=MEMBERS_COMMAND, organization=org, rows=result.rows, source=path.name
            )
            self.stdout.write(f"Imported {count} members into {org.code}.")
        else:
            # A command runs as a system actor, which core.scoping lets read everywhere.
            members = list(selectors.member_list(user=MEMBERS_COMMAND, organization=org))
            path.write_bytes(exports.export_workbook(members, full_personal_data=True))
            services.members_exported(
                actor=MEMBERS_COMMAND, organization=org, count=len(members), masked=False
            )
            self.stdout.write(f"Exported {len(members)} members of {org.code} to {path}.")
