from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import DEMO_TOTP_SECRET
from conference.models import Conference
from conference.selectors import current_conference
from plans.management.arguments import iso_date
from plans.services.demo import DemoError, fill_demo_conference, seed_demo_accounts


class Command(BaseCommand):
    help = (
        "Create the demo accounts (--accounts) and/or fill a conference with synthetic "
        "bridge points and delegates (--points N --delegates M). Refused outside "
        "DEBUG or PORTAL_DEMO_MODE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create or reset the demo accounts (password demo12345).",
        )
        parser.add_argument("--points", type=int, help="Number of bridge points.")
        parser.add_argument("--delegates", type=int, help="Delegates per point.")
        parser.add_argument(
            "--conference",
            metavar="SLUG",
            help="Conference to use; default: the current one for --accounts, a new "
            "synthetic demo-<N> for --points (an existing conference given here has "
            "all its delegates replaced).",
        )
        parser.add_argument(
            "--date",
            help="Day of a new synthetic conference (YYYY-MM-DD); default: a week "
            "before the earliest conference, so it never becomes the current one.",
        )

    def handle(self, *args, **options):
        wants_points = options["points"] is not None or options["delegates"] is not None
        if not options["accounts"] and not wants_points:
            raise CommandError(_("Give --accounts, or --points N --delegates M."))
        if wants_points and (options["points"] is None or options["delegates"] is None):
            raise CommandError(_("--points and --delegates go together."))
        now = timezone.now()
        conference = self._conference(options["conference"])
        try:
            if options["accounts"]:
                self._accounts(conference or current_conference(now=now))
            if wants_points:
                self._points(options, conference=conference, now=now)
        except ImproperlyConfigured:
            raise CommandError(
                _(
                    "Demo data has a published password and is refused here: "
                    "set DEBUG or PORTAL_DEMO_MODE."
                )
            ) from None
        except DemoError as exc:
            raise CommandError(str(exc)) from None

    def _conference(self, slug: str | None) -> Conference | None:
        if not slug:
            return None
        conference = (
            Conference.objects.select_related("unit_set").filter(slug=slug).first()
        )
        if conference is None:
            raise CommandError(
                _('No conference has the slug "%(slug)s".') % {"slug": slug}
            )
        return conference

    def _accounts(self, conference: Conference | None) -> None:
        if conference is None:
            raise CommandError(_("No conference yet: load a plan first (load_plan)."))
        accounts = seed_demo_accounts(conference=conference)
        headers = (_("Username"), _("Role"), _("Full name"), _("Password"))
        rows = [(a.username, a.role, a.who, a.password) for a in accounts]
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
        for row in [headers, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
            )
        self.stdout.write(
            _("%(count)d demo accounts for %(conference)s.")
            % {"count": len(accounts), "conference": conference.short_title}
        )
        self.stdout.write(
            _(
                "The Ministry's accounts (admin, cchc, tttt, vpb) also ask for a code "
                "from an authenticator app with the demo key %(secret)s; "
                "`manage.py demo_totp` prints the current codes."
            )
            % {"secret": DEMO_TOTP_SECRET}
        )

    def _points(self, options, *, conference: Conference | None, now) -> None:
        day = iso_date(options["date"]) if options["date"] else None
        current = current_conference(now=now)
        result = fill_demo_conference(
            points=options["points"],
            delegates=options["delegates"],
            conference=conference,
            day=day,
            base_set=current.unit_set if current else None,
            today=timezone.localdate(now),
        )
        self.stdout.write(
            _(
                "Filled %(slug)s: %(points)d bridge points, %(delegates)d delegates "
                "in %(seconds).1f s."
            )
            % {
                "slug": result.conference.slug,
                "points": result.points,
                "delegates": result.delegates,
                "seconds": result.seconds,
            }
        )
