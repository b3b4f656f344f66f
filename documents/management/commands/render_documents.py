"""Render documents to a folder: python manage.py render_documents --kind backdrop --out DIR"""

import multiprocessing
import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from conference.models import Conference
from documents import services
from documents.enums import RenderKind


def _render(args) -> str:
    """In a worker process: render one target, write it, return its file name."""
    conference_id, target, out = args
    conference = Conference.objects.get(pk=conference_id)
    (stored,) = services.render_ids(conference, [target])
    (Path(out) / stored.download_name).write_bytes(stored.read())
    return stored.download_name


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
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="processes rendering side by side (default 1; 0: one per CPU)",
        )

    def handle(self, *args, kind, point, out, conference, jobs, **options):
        conferences = Conference.objects.all()
        found = (
            conferences.filter(slug=conference).first()
            if conference
            else conferences.first()
        )
        if found is None:
            raise CommandError("No such conference.")
        targets = services.target_ids(
            services.render_targets(found, kinds=[kind], point_code=point)
        )
        if not targets:
            raise CommandError("Nothing to render for that point.")
        out.mkdir(parents=True, exist_ok=True)
        jobs = jobs or os.cpu_count() or 1
        tty = sys.stdout.isatty() and options.get("verbosity", 1) > 0
        started = time.perf_counter()
        work = [(found.pk, target, str(out)) for target in targets]
        if jobs > 1 and len(work) > 1:
            # Forked workers open their own database connections.
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for index, _name in enumerate(pool.imap_unordered(_render, work), 1):
                    if tty:
                        self._bar(index, len(work))
        else:
            for index, item in enumerate(work, start=1):
                _render(item)
                if tty:
                    self._bar(index, len(work))
        if tty:
            self.stdout.write("")
        self.stdout.write(
            f"{len(work)} {kind} → {out} ({time.perf_counter() - started:.2f} s)"
        )

    def _bar(self, done: int, total: int, width: int = 40) -> None:
        filled = int(width * done / total)
        sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stdout.flush()
