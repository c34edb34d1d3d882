import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from branchwork.demo.data import DEMO_PASSWORD
from branchwork.demo.loader import demo_logins, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo branch from the article (idempotent) and one demo user per role, "
        f"all with the password '{DEMO_PASSWORD}'. Refuses to run under the production profile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not list the logins.")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="The day the demo's story ends (default: today); its meetings and dues run "
            "through the month before.",
        )

    def handle(self, *args, **options):
        as_of = options["as_of"]
        if as_of is not None and as_of > timezone.localdate():
            # Payments cannot be dated after today (dues.services.payment_record).
            raise CommandError("--as-of cannot be a date in the future.")
        try:
            created = load_demo(as_of=as_of)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            "Demo data loaded: {organizations} organizations, {users} users, {grants} role "
            "grants, {members} members, {meetings} meetings, {payments} dues payments, "
            "{road_projects} road projects created (0 means they were already there).".format(
                **created
            )
        )
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            for username, role, org in demo_logins():
                self.stdout.write(f"  {username:<20} {role} — {org}")
