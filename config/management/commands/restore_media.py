from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from config.backups import RestoreError, import_media


class Command(BaseCommand):
    help = (
        "Store every file of a backup_media archive under its own name (on disk or "
        "in the S3 bucket); scripts/restore.sh calls it after the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path)

    def handle(self, *args, **options):
        try:
            count = import_media(source=options["input"])
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("%(count)d files restored from %(path)s")
            % {"count": count, "path": options["input"]}
        )
