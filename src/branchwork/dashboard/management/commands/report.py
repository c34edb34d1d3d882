"""`branchwork report annual --org CODE --year YYYY [--language zh-hans|en] [--output PATH]`:
the organization's annual work report as .docx (dashboard.report)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from branchwork.core.audit import record, system_actor
from branchwork.dashboard.report import annual_report
from branchwork.organizations.models import Organization


class Command(BaseCommand):
    help = "Reports built from the system's data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        a = sub.add_parser("annual", help="The annual work report (.docx).")
        a.add_argument("--org", required=True, help="Organization code, e.g. tr-highway.")
        a.add_argument("--year", required=True, type=int)
        a.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        a.add_argument("--output", default=None, help="Default: annual-report-ORG-YEAR.docx")

    def handle(self, *args, **options):
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {options['org']!r}.") from None
        actor = system_actor("command: report annual")
        content = annual_report(
            user=actor, organization=org, year=options["year"], language=options["language"]
        )
        path = Path(options["output"] or f"annual-report-{org.code}-{options['year']}.docx")
        path.write_bytes(content)
        record(
            actor=actor,
            kind="export",
            model="organizations.organization",
            object_id=str(org.pk),
            object_repr=f"annual report {options['year']}",
            org_path=org.path,
        )
        self.stdout.write(str(path))
