"""Render documents to a folder: python manage.py render_documents --kind backdrop --out DIR"""

import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from common.pdf import engine, parts
from conference.models import Conference
from documents.enums import RenderKind
from documents.services import cache, rendered, targets

# What the forked workers render: set by the parent before it forks, inherited by the
# children (copy on write), so they are handed indexes and need no database.
_specs: list[cache.Spec] = []
_out: Path | None = None


def _render(index: int) -> str:
    """Render (or take from the cache) one target, write it, return its file name."""
    stored, pdf = cache.pdf_of(_specs[index])
    (_out / stored.download_name).write_bytes(pdf)
    return stored.download_name


class Command(BaseCommand):
    help = "Render the invitations, the programme or the backdrops to a folder."

    # Django's system checks (URL resolvers, templates, every model) run
    # before every command by default; this one only reads the plan and writes
    # files, and `check`, `migrate` and the deployment run them anyway.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            required=True,
            choices=[k.value for k in RenderKind],
            help="what to render: 'invitation' (one per province's point), "
            "'programme' (one for the conference) or 'backdrop' (one per point and "
            "backdrop size)",
        )
        parser.add_argument(
            "--point",
            help="only this point: a province's code (e.g. 27), or 'main' for the "
            "main point (default: every point)",
        )
        parser.add_argument(
            "--out",
            required=True,
            type=Path,
            help="folder to write the PDFs to (made if missing; files of the same "
            "name are replaced)",
        )
        parser.add_argument(
            "--conference",
            help="the conference's slug, as in its URLs (default: the latest)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="processes rendering side by side (default 1; 0: one per CPU)",
        )

    def handle(self, *args, kind, point, out, conference, jobs, **options):
        global _specs, _out
        conferences = Conference.objects.all()
        found = (
            conferences.filter(slug=conference).first()
            if conference
            else conferences.first()
        )
        if found is None:
            raise CommandError("No such conference.")
        ids = targets.target_ids(
            targets.render_targets(found, kinds=[kind], point_code=point)
        )
        if not ids:
            raise CommandError("Nothing to render for that point.")
        out.mkdir(parents=True, exist_ok=True)
        jobs = jobs or os.cpu_count() or 1
        tty = sys.stdout.isatty() and options.get("verbosity", 1) > 0
        started = time.perf_counter()
        # Every database read here, once: the specs carry their data.
        _specs, _out = targets.specs(found, ids), out
        total = len(_specs)
        try:
            done = 0
            if jobs > 1 and total > 1:
                # The workers inherit the warmed renderer (the font configuration,
                # the parsed stylesheets, the loaded faces) instead of each warming
                # its own.
                engine.warm(rendered.STYLESHEETS[kind], fonts=True)
                connections.close_all()  # the workers need no connection
                with parts.forked_pool(jobs) as pool:
                    # One document at a time: a handful of bytes each way per
                    # document, and no worker left idle while another finishes a
                    # chunk at the end.
                    for _name in pool.imap_unordered(_render, range(total)):
                        done += 1
                        if tty:
                            self._bar(done, total)
            else:
                for index in range(total):
                    _render(index)
                    if tty:
                        self._bar(index + 1, total)
        finally:
            _specs, _out = [], None
        if tty:
            self.stdout.write("")
        self.stdout.write(
            f"{total} {kind} → {out} ({time.perf_counter() - started:.2f} s)"
        )

    def _bar(self, done: int, total: int, width: int = 40) -> None:
        filled = int(width * done / total)
        sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stdout.flush()
