from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.demo import DEMO_TOTP_SECRET
from accounts.selectors import demo_totp_codes
from accounts.services import ensure_demo_allowed


class Command(BaseCommand):
    help = (
        "Print the current two-step codes of the demo accounts that have the "
        "published demo key (demo mode only)."
    )

    def handle(self, *args, **options):
        try:
            ensure_demo_allowed()
        except Exception:
            raise CommandError(
                _("Refused outside DEBUG or PORTAL_DEMO_MODE.")
            ) from None
        codes = demo_totp_codes()
        for username, code in codes:
            self.stdout.write(f"{username}  {code}")
        self.stdout.write(
            _("Key for an authenticator app: %(secret)s") % {"secret": DEMO_TOTP_SECRET}
        )
