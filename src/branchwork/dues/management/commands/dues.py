"""`branchwork dues quote --category CATEGORY --base AMOUNT [--json]` and
`branchwork dues arrears --org CODE [--as-of YYYY-MM-DD] [--json]`."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from branchwork.dues import rules, selectors
from branchwork.organizations.models import Organization


class Command(BaseCommand):
    help = "Party dues tools."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        q = sub.add_parser("quote", help="What does a monthly base pay?")
        q.add_argument("--category", required=True, help=", ".join(rules.FeeCategory.values))
        q.add_argument(
            "--base", default=None, help="Monthly base in yuan (not needed for fixed fees)."
        )
        q.add_argument("--json", action="store_true")
        a = sub.add_parser("arrears", help="Members with unpaid months (党章 Art. 9).")
        a.add_argument("--org", required=True, help="Organization code, e.g. tr-highway.")
        a.add_argument("--as-of", default=None, help="Count as of this date (default: today).")
        a.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["action"] == "arrears":
            self.arrears(options)
            return
        try:
            base = None if options["base"] is None else rules.parse_amount(options["base"], "base")
            result = selectors.quote(options["category"], base)
        except rules.DuesError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "category": result.category,
                        "base": None if result.base is None else str(result.base),
                        "rate": None if result.rate is None else str(result.rate),
                        "monthly_fee": f"{result.monthly_fee:.2f}",
                        "rule": result.rule,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(f"{result.monthly_fee:.2f}  {result.rule}")

    def arrears(self, options):
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {options['org']!r}.") from None
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(f"--as-of: {options['as_of']!r} is not a YYYY-MM-DD date.") from None
        # A command runs as the installation, with no user to scope by: the whole subtree.
        rows = [
            {
                "member": entry.member.name,
                "organization": entry.member.organization.code,
                "unpaid_months": [f"{m:%Y-%m}" for m in entry.unpaid_months],
                "longest_run": entry.consecutive,
                "amount": f"{entry.amount:.2f}",
                "level": entry.level.value if entry.level else None,
                "left_for": entry.left_for,
            }
            for entry in selectors.subtree_arrears(org, as_of)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("member  unpaid  in a row  amount  level")
        for r in rows:
            self.stdout.write(
                f"{r['member']}  {len(r['unpaid_months'])}  {r['longest_run']}  {r['amount']}  "
                f"{r['level'] or '-'}  ({', '.join(r['unpaid_months'])})"
            )
