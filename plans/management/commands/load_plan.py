from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.management.arguments import iso_date
from plans.services.plan_loader import DEFAULT_PLAN, PlanFileError, load_plan


class Command(BaseCommand):
    help = "Load a conference plan and the administrative unit sets from data files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_PLAN,
            help="Plan file (YAML); default: the plan 5774/KH-BNV.",
        )
        parser.add_argument(
            "--date",
            help="Hold the conference on this day (YYYY-MM-DD), as a separate "
            "conference with every date moved by the same number of days.",
        )

    def handle(self, *args, **options):
        day = iso_date(options["date"]) if options["date"] else None
        try:
            conference = load_plan(path=options["file"], day=day)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Loaded conference %(title)s (%(slug)s): %(points)d bridge points, "
                "%(slots)d agenda slots, %(tasks)d tasks."
            )
            % {
                "title": conference.short_title,
                "slug": conference.slug,
                "points": conference.points.count(),
                "slots": conference.agenda_slots.count(),
                "tasks": conference.tasks.count(),
            }
        )
