"""`branchwork dues quote --category CATEGORY --base AMOUNT [--json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from branchwork.dues import rules, selectors


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

    def handle(self, *args, **options):
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
