from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.two_factor import reset_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator and recovery codes (a lost phone): the next "
        "login enrols a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No such user."))
        removed = reset_two_factor(user=user)
        self.stdout.write(
            _("%(count)d device(s) removed from %(username)s.")
            % {"count": removed, "username": user.username}
        )
