"""Render documents to a folder: python manage.py render_documents --kind backdrop --out DIR"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from documents import services
from documents.enums import RenderKind


class Command(BaseCommand):
    help = "Render the invitations, the programme or the backdrops to a folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", required=True, choices=[k.value for k in RenderKind]
        )
        parser.add_argument(
            "--point", help="a province's code, or 'main' for the main point"
        )
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--conference", help="slug (default: the latest)")

    def handle(self, *args, kind, point, out, conference, **options):
        conferences = Conference.objects.all()
        found = (
            conferences.filter(slug=conference).first()
            if conference
            else conferences.first()
        )
        if found is None:
            raise CommandError("No such conference.")
        targets = services.render_targets(found, kinds=[kind], point_code=point)
        if not targets:
            raise CommandError("Nothing to render for that point.")
        out.mkdir(parents=True, exist_ok=True)
        tty = sys.stdout.isatty() and options.get("verbosity", 1) > 0
        started = time.perf_counter()
        for index, (kind_, point_, size) in enumerate(targets, start=1):
            stored = services.render_target(found, kind_, point_, size)
            (out / stored.download_name).write_bytes(stored.read())
            if tty:
                self._bar(index, len(targets))
        if tty:
            self.stdout.write("")
        self.stdout.write(
            f"{len(targets)} {kind} → {out} ({time.perf_counter() - started:.2f} s)"
        )

    def _bar(self, done: int, total: int, width: int = 40) -> None:
        filled = int(width * done / total)
        sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stdout.flush()
