"""Import a province's delegate list from an .xlsx file, as the upload page does."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import BridgePoint, Conference
from conference.selectors import current_conference
from participants.excel import applying
from participants.excel.checking import check_rows
from participants.excel.preview import describe_values
from participants.excel.reading import read_delegate_file
from participants.models import DelegateImport
from participants.services import ensure_list_editable


class Command(BaseCommand):
    help = "Import a province's delegate list from an Excel (.xlsx) file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument(
            "--point",
            required=True,
            metavar="CODE",
            help="the province's official code",
        )
        parser.add_argument(
            "--conference", metavar="SLUG", help="default: the current one"
        )
        parser.add_argument(
            "--mode",
            choices=DelegateImport.Mode.values,
            default=DelegateImport.Mode.APPEND,
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="recorded in the history"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show, change nothing"
        )

    def handle(self, *args, **options):
        now = timezone.now()
        point = self._point(options["point"], options["conference"], now=now)
        user = self._user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            ensure_list_editable(point=point, now=now)
            with path.open("rb") as upload:
                rows = read_delegate_file(
                    point=point, upload=upload, file_name=path.name
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        check = check_rows(point=point, rows=rows, mode=options["mode"])
        if not check.ok:
            for message in check.file_errors:
                self.stderr.write(message)
            for row in check.rows:
                for message in row.errors:
                    self.stderr.write(
                        _("Row %(row)s: %(message)s")
                        % {"row": row.number, "message": message}
                    )
            raise CommandError(
                ngettext(
                    "%(count)s of %(total)s row has errors; nothing was imported.",
                    "%(count)s of %(total)s rows have errors; nothing was imported.",
                    len(check.rows),
                )
                % {"count": len(check.row_errors), "total": len(check.rows)}
            )
        if options["dry_run"]:
            for row in check.rows:
                self.stdout.write(
                    _("Row %(row)s: %(message)s")
                    % {"row": row.number, "message": self._describe(row.values)}
                )
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)s delegate would be imported into %(point)s "
                    "(%(mode)s).",
                    "Dry run: %(count)s delegates would be imported into %(point)s "
                    "(%(mode)s).",
                    len(check.rows),
                )
                % {
                    "count": len(check.rows),
                    "point": point.name,
                    "mode": DelegateImport.Mode(options["mode"]).label,
                }
            )
            return
        try:
            delegate_import = applying.save_import(
                point=point, check=check, file_name=path.name, by=user
            )
            result = applying.apply_import(
                delegate_import=delegate_import,
                expected_list_version=delegate_import.list_version,
                by=user,
                now=now,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not result.applied:
            raise CommandError(
                " ".join(result.delegate_import.file_errors)
                or _(
                    "The list changed while the file was being imported. Nothing "
                    "was imported: run the command again."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)s delegate was imported into %(point)s.",
                    "%(count)s delegates were imported into %(point)s.",
                    result.created,
                )
                % {"count": result.created, "point": point.name}
            )
        )

    def _point(self, code: str, slug: str | None, *, now) -> BridgePoint:
        if slug:
            conference = Conference.objects.filter(slug=slug).first()
        else:
            conference = current_conference(now=now)
        if conference is None:
            raise CommandError(_("No conference found."))
        point = (
            BridgePoint.objects.select_related("conference", "unit")
            .filter(
                conference=conference,
                unit__unit_set=conference.unit_set,
                unit__code=code,
            )
            .first()
        )
        if point is None:
            raise CommandError(
                _(
                    "No bridge point of the province with code %(code)s in %(conference)s."
                )
                % {"code": code, "conference": conference}
            )
        return point

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No user named %(username)s.") % {"username": username}
            )
        return user

    @staticmethod
    def _describe(values: dict) -> str:
        preview = describe_values(values)
        return " · ".join(part for part in preview if part)
