from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from config.backups import export_media


class Command(BaseCommand):
    help = (
        "Write every uploaded and rendered file (on disk or in the S3 bucket) into "
        "one tar archive; scripts/backup.sh calls it after dumping the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, **options):
        count = export_media(output=options["output"])
        self.stdout.write(
            _("%(count)d files written to %(path)s")
            % {"count": count, "path": options["output"]}
        )
