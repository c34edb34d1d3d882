"""`branchwork compliance --org CODE --year YYYY [--json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from branchwork.core.dates import YEAR_MAX, YEAR_MIN, year_ok
from branchwork.meetings import selectors
from branchwork.organizations.models import Organization


class Command(BaseCommand):
    help = "Meeting compliance per organization in the subtree and per rule for a year."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization code, e.g. tr-highway.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true", help="One JSON object per line pair.")

    def handle(self, *args, **options):
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {options['org']!r}.") from None
        if not year_ok(options["year"]):
            raise CommandError(f"The year must be between {YEAR_MIN} and {YEAR_MAX}.")
        # A command runs as the installation, with no user to scope by: the whole subtree.
        rollup = selectors.subtree_compliance(org, options["year"])
        rows = [
            {
                "org": entry.org.code,
                "rule": v.kind,
                "required": v.required,
                "held": v.held,
                "status": v.status,
                "reason": v.reason,
            }
            for entry in rollup
            for v in entry.verdicts
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        width = max((len(r["org"]) for r in rows), default=3)
        self.stdout.write(f"{'org':<{width}}  {'rule':<18} required held status")
        for r in rows:
            line = f"{r['org']:<{width}}  {r['rule']:<18} {r['required']:>8} {r['held']:>4}"
            self.stdout.write(f"{line} {r['status']}")
