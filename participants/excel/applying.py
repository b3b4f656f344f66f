"""Stage, correct, apply or discard a delegate list imported from Excel.

A file is read (reading) and checked (checking) once, on upload, and kept as a
DelegateImport for the province to preview and confirm. Applying is all or
nothing, in the mode chosen on upload: append to the list or replace it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from common.records import sign_change
from common.text import normalise_text
from conference.models import BridgePoint

from ..enums import DelegateRole
from ..exceptions import StaleEdit
from ..models import Delegate, DelegateImport
from ..services import bump_list_version, ensure_list_editable, lock_point
from .checking import FIELDS, ImportCheck, check_rows, stored_rows
from .reading import RowData, read_delegate_file

LIST_CHANGED_CONFLICTS = gettext_noop(
    "The list was changed after this file was checked, and some rows now "
    "conflict with it. Nothing was imported."
)


class ImportClosed(ValidationError):
    """The import was already applied or discarded."""


@dataclass(frozen=True)
class ApplyResult:
    delegate_import: DelegateImport
    applied: bool
    created: int = 0
    removed: int = 0
    # Why nothing was applied: "changed" (the list changed after the preview the
    # user confirmed), "conflicts" (rows now conflict with the list), or
    # "missing_version" (the confirm did not say which preview it confirms).
    refused: str = ""


@transaction.atomic
def save_import(
    *, point: BridgePoint, check: ImportCheck, file_name: str, by
) -> DelegateImport:
    """Keep a checked file for the province to preview and confirm."""
    return DelegateImport.objects.create(
        point=point,
        created_by=by,
        file_name=file_name[:255],
        mode=check.mode,
        rows=[row.as_json() for row in check.rows],
        errors=check.errors_json(),
        list_version=check.list_version,
    )


def stage_import(
    *, point: BridgePoint, upload, file_name: str, mode: str, by, now: datetime
) -> DelegateImport:
    """Read and check an uploaded list and keep it for the province to confirm."""
    ensure_list_editable(point=point, now=now)
    rows = read_delegate_file(point=point, upload=upload, file_name=file_name)
    check = check_rows(point=point, rows=rows, mode=mode)
    return save_import(point=point, check=check, file_name=file_name, by=by)


def _locked_pending(delegate_import: DelegateImport) -> DelegateImport:
    current = DelegateImport.objects.select_for_update().get(pk=delegate_import.pk)
    if current.status != DelegateImport.Status.PENDING:
        raise ImportClosed(
            _("This import was already %(status)s.")
            % {"status": current.get_status_display()},
            code="closed",
        )
    return current


def _remove_all_delegates(point: BridgePoint, *, by) -> int:
    delegates = list(Delegate.objects.filter(point=point))
    if not delegates:
        return 0
    if Delegate._meta.related_objects:
        # Something refers to delegates: let Django cascade, one delete at a time.
        for delegate in delegates:
            sign_change(delegate, by=by)
            delegate.delete()
        return len(delegates)
    history_model = Delegate.history.model
    when = timezone.now()
    history_model.objects.bulk_create(
        [
            history_model(
                history_type="-",
                history_date=when,
                history_user=by,
                history_change_reason=None,
                **{
                    f.attname: getattr(d, f.attname)
                    for f in history_model.tracked_fields
                },
            )
            for d in delegates
        ]
    )
    # The removal history is written above in one statement; a queryset's delete
    # would also send simple-history's per-row signal and write it a second time,
    # so the rows go in one plain DELETE, as participants.services.bulk does.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Delegate._meta.db_table} "
            f"WHERE {Delegate._meta.pk.column} = ANY(%s)",
            [[d.pk for d in delegates]],
        )
    return len(delegates)


@transaction.atomic
def fix_import_row(
    *, delegate_import: DelegateImport, number: int, data: dict[str, str], by, now
) -> ImportCheck:
    """Replace one row of a staged file with what the user corrected in the page.

    Every row is checked again, since a corrected row may clear or cause a conflict
    with another; the import itself stays all or nothing.
    """
    point = lock_point(delegate_import.point)
    current = _locked_pending(delegate_import)
    ensure_list_editable(point=point, now=now)
    rows = stored_rows(current)
    numbers = [row.number for row in rows]
    if number not in numbers:
        raise ValidationError(_("This row is not in the file."), code="no_row")
    position = numbers.index(number)
    corrected = {name: normalise_text(data.get(name)) for name in FIELDS}
    corrected["role"] = corrected["role"] or DelegateRole.ATTENDEE
    rows[position] = RowData(number=number, data=corrected)
    check = _recheck(current, point, rows=rows)
    current.save(update_fields=["rows", "errors", "list_version"])
    return check


def _recheck(
    current: DelegateImport, point: BridgePoint, *, rows: list[RowData] | None = None
) -> ImportCheck:
    """Check the staged rows (or these) again and keep the outcome on the import,
    unsaved."""
    if rows is None:
        rows = stored_rows(current)
    check = check_rows(point=point, rows=rows, mode=current.mode)
    current.rows = [row.as_json() for row in check.rows]
    current.errors = check.errors_json()
    current.list_version = check.list_version
    return check


@transaction.atomic
def apply_import(
    *,
    delegate_import: DelegateImport,
    by,
    now: datetime,
    expected_list_version: int | None,
) -> ApplyResult:
    """Put every row of a checked import on the point's list, or none of them.

    `expected_list_version` is the list's version on the preview the user
    confirmed. When the list changed since (another session added, edited or
    removed someone), nothing is applied, whatever the mode: the preview is
    checked again and shown again, so a replace never removes a delegate the
    user did not see counted.
    """
    point = lock_point(delegate_import.point)
    current = _locked_pending(delegate_import)
    ensure_list_editable(point=point, now=now)
    if current.has_errors:
        raise ValidationError(
            _("The file has errors. Correct them in Excel and upload it again."),
            code="has_errors",
        )
    if expected_list_version is None:
        # No proof of what the user saw: refused, never applied blindly.
        return ApplyResult(
            delegate_import=current, applied=False, refused="missing_version"
        )
    if point.delegate_list.version != expected_list_version:
        check = _recheck(current, point)
        if not check.ok:
            current.errors["file"].append(_(LIST_CHANGED_CONFLICTS))
        current.save(update_fields=["rows", "errors", "list_version"])
        return ApplyResult(delegate_import=current, applied=False, refused="changed")
    if point.delegate_list.version != current.list_version:
        # The preview was opened after a change: check the rows again against it.
        check = _recheck(current, point)
        if not check.ok:
            current.errors["file"].append(_(LIST_CHANGED_CONFLICTS))
            current.save(update_fields=["rows", "errors", "list_version"])
            return ApplyResult(
                delegate_import=current, applied=False, refused="conflicts"
            )
    removed = 0
    if current.mode == DelegateImport.Mode.REPLACE:
        removed = _remove_all_delegates(point, by=by)
    delegates = [
        Delegate(point=point, **{name: row[name] for name in FIELDS})
        for row in current.rows
    ]
    try:
        with transaction.atomic():
            bulk_create_with_history(delegates, Delegate, default_user=by)
    except IntegrityError as exc:
        raise StaleEdit(
            _(
                "The list changed while the file was being imported (a second chair "
                "or the same person twice). Nothing was imported; upload the file "
                "again."
            ),
            code="conflict",
        ) from exc
    bump_list_version(point.delegate_list)
    current.status = DelegateImport.Status.APPLIED
    current.applied_at = now
    current.list_version = point.delegate_list.version
    current.save(
        update_fields=["rows", "errors", "status", "applied_at", "list_version"]
    )
    return ApplyResult(
        delegate_import=current, applied=True, created=len(delegates), removed=removed
    )


@transaction.atomic
def discard_import(
    *, delegate_import: DelegateImport, by, now: datetime
) -> DelegateImport:
    """Drop an import the province does not want to apply."""
    current = _locked_pending(delegate_import)
    current.status = DelegateImport.Status.DISCARDED
    current.save(update_fields=["status"])
    return current


# A file left in the preview for longer than this is dropped: its rows hold
# personal data, and nobody comes back to a preview a day later.
ABANDONED_AFTER = timedelta(days=1)


def delete_abandoned_imports(*, now: datetime) -> int:
    """Delete staged files nobody confirmed or applied within a day; return how many."""
    deleted, _by_model = DelegateImport.objects.filter(
        status__in=[DelegateImport.Status.PENDING, DelegateImport.Status.DISCARDED],
        created_at__lt=now - ABANDONED_AFTER,
    ).delete()
    return deleted
