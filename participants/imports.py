"""Import a delegate list from Excel: read the file, check every row, preview, apply.

Each row is checked by the same DelegateForm as the web form, against one shared
DelegateIndex: the point's list (append) or nothing (replace), plus every valid row
above it, so a duplicate inside the file or a second chair is caught without a query
per row. Applying is all or nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from conference.models import BridgePoint

from .enums import Agency, DelegateRole
from .excel.columns import COLUMNS_BY_KEY
from .excel.reader import (
    RowData,
    Vocabulary,
    check_container,
    read_delegate_sheet,
    read_upload_bytes,
    row_data,
)
from .exceptions import StaleEdit
from .forms import DelegateForm
from .models import Delegate, DelegateImport
from .normalise import clean_text, format_phone, normalise_phone
from .rules import DelegateIndex
from .services import bump_list_version, ensure_list_editable, lock_point

LIST_CHANGED_CONFLICTS = gettext_noop(
    "The list was changed after this file was checked, and some rows now "
    "conflict with it. Nothing was imported."
)
FIELDS = ("full_name", "position", "agency", "agency_other", "phone", "email", "role")


class ImportClosed(ValidationError):
    """The import was already applied or discarded."""


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"row": self.number, **self.values}


@dataclass
class ImportCheck:
    """Every row of a file with its errors, checked against one version of the list."""

    mode: str
    list_version: int
    rows: list[CheckedRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> dict[str, list[str]]:
        return {str(row.number): row.errors for row in self.rows if row.errors}

    @property
    def row_warnings(self) -> dict[str, list[str]]:
        return {str(row.number): row.warnings for row in self.rows if row.warnings}

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    def errors_json(self) -> dict:
        errors = {"file": list(self.file_errors), "rows": self.row_errors}
        if warnings := self.row_warnings:
            # Warnings do not stop the import; they are shown beside their row.
            errors["warnings"] = warnings
        return errors


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


def read_delegate_file(*, point: BridgePoint, upload, file_name: str) -> list[RowData]:
    """Read the rows of an uploaded workbook, refusing a file that is not a plain list."""
    data = read_upload_bytes(upload, max_bytes=settings.DELEGATE_IMPORT_MAX_BYTES)
    check_container(data, file_name=file_name)
    sheet = read_delegate_sheet(
        data, file_name=file_name, max_rows=settings.DELEGATE_IMPORT_MAX_ROWS
    )
    vocabulary = Vocabulary.build(
        province_name=point.unit.name if point.unit_id else ""
    )
    return [row_data(row, vocabulary=vocabulary) for row in sheet.rows]


def _form_messages(form: DelegateForm) -> list[str]:
    messages = []
    for field_name, errors in form.errors.items():
        column = COLUMNS_BY_KEY.get(field_name)
        for message in errors:
            if field_name == NON_FIELD_ERRORS or column is None:
                messages.append(str(message))
            else:
                messages.append(f"{column.header}: {message}")
    return messages


def _phone_or_none(value: str) -> str | None:
    try:
        return normalise_phone(value)
    except ValidationError:
        return None


FILE_ROW_HINTS = {
    "phone": gettext_noop("Same person as row %(row)s of the file."),
    "email": gettext_noop("Same e-mail as row %(row)s of the file."),
    "role": gettext_noop("Row %(row)s of the file is already the chair."),
}


def _file_row_hints(index: DelegateIndex, data: dict[str, str], errors) -> list[str]:
    """Name the row of the file that a refused row repeats, when it is one."""
    held = index.holders(
        full_name=data["full_name"],
        phone=_phone_or_none(data["phone"]) or "",
        email=data["email"].strip(),
        role=data["role"],
    )
    return [
        _(FILE_ROW_HINTS[name]) % {"row": holder.key[1]}
        for name, holder in held.items()
        if name in errors and isinstance(holder.key, tuple)
    ]


def check_rows(
    *, point: BridgePoint, rows: Iterable[RowData], mode: str
) -> ImportCheck:
    """Check every row with the delegate form, against the list and the rows above it."""
    # Read before the list itself, so a change in between is seen as stale later.
    list_version = (
        BridgePoint.objects.filter(pk=point.pk)
        .values_list("list_version", flat=True)
        .get()
    )
    if mode == DelegateImport.Mode.REPLACE:
        index = DelegateIndex()
    else:
        index = DelegateIndex.for_point(point)
    checked = []
    for row in rows:
        data = row.data
        if data["role"] not in DelegateRole.values:
            # The reader already named the unknown role; check the rest of the row.
            data = {**data, "role": DelegateRole.ATTENDEE}
        form = DelegateForm(data=data, point=point, index=index)
        valid = form.is_valid()
        warnings = []
        if valid and not row.errors:
            errors = []
            values = {name: form.cleaned_data[name] or "" for name in FIELDS}
            if form.namesake_warning:
                warnings.append(form.namesake_warning)
            index.add(
                key=("row", row.number),
                full_name=values["full_name"],
                phone=values["phone"],
                email=values["email"],
                role=values["role"],
            )
        else:
            values = {name: row.data.get(name, "") for name in FIELDS}
            values.update(
                {
                    name: form.cleaned_data[name] or ""
                    for name in FIELDS
                    if name in getattr(form, "cleaned_data", {})
                }
            )
            if data is not row.data:
                values["role"] = row.data["role"]
            errors = _form_messages(form) + list(row.errors)
            errors += _file_row_hints(index, data, form.errors)
        checked.append(
            CheckedRow(
                number=row.number, values=values, errors=errors, warnings=warnings
            )
        )
    return ImportCheck(mode=mode, list_version=list_version, rows=checked)


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
            delegate._history_user = by
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
    # The removal history is written above in one statement; a plain delete would
    # also send simple-history's per-row signal and write it a second time.
    Delegate.objects.filter(pk__in=[d.pk for d in delegates])._raw_delete(
        Delegate.objects.db
    )
    return len(delegates)


def _stored_rows(delegate_import: DelegateImport) -> list[RowData]:
    rows = []
    for row in delegate_import.rows:
        data = {name: row.get(name, "") for name in FIELDS}
        rows.append(
            RowData(number=row["row"], data=data, errors=_unread_role(data["role"]))
        )
    return rows


def _unread_role(role: str) -> tuple[str, ...]:
    """The reader's complaint about a role it could not read, kept on a re-check."""
    if role in DelegateRole.values:
        return ()
    return (
        _("%(column)s: “%(value)s” is not a role; use one of %(choices)s.")
        % {
            "column": COLUMNS_BY_KEY["role"].header,
            "value": role,
            "choices": ", ".join(str(label) for label in DelegateRole.labels),
        },
    )


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
    rows = _stored_rows(current)
    numbers = [row.number for row in rows]
    if number not in numbers:
        raise ValidationError(_("This row is not in the file."), code="no_row")
    position = numbers.index(number)
    corrected = {name: clean_text(data.get(name)) for name in FIELDS}
    corrected["role"] = corrected["role"] or DelegateRole.ATTENDEE
    rows[position] = RowData(number=number, data=corrected)
    check = check_rows(point=point, rows=rows, mode=current.mode)
    current.rows = [row.as_json() for row in check.rows]
    current.errors = check.errors_json()
    current.list_version = check.list_version
    current.save(update_fields=["rows", "errors", "list_version"])
    return check


def _recheck(current: DelegateImport, point: BridgePoint) -> ImportCheck:
    check = check_rows(point=point, rows=_stored_rows(current), mode=current.mode)
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
    if point.list_version != expected_list_version:
        check = _recheck(current, point)
        if not check.ok:
            current.errors["file"].append(_(LIST_CHANGED_CONFLICTS))
        current.save(update_fields=["rows", "errors", "list_version"])
        return ApplyResult(delegate_import=current, applied=False, refused="changed")
    if point.list_version != current.list_version:
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
    bump_list_version(point)
    current.status = DelegateImport.Status.APPLIED
    current.applied_at = now
    current.list_version = point.list_version
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


@dataclass(frozen=True)
class PreviewRow:
    number: int
    full_name: str
    position: str
    agency: str
    phone: str
    email: str
    role: str
    errors: list[str]
    warnings: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # as stored, to correct in the page


@dataclass(frozen=True)
class ImportPreview:
    rows: list[PreviewRow]
    file_errors: list[str]
    row_count: int
    error_row_count: int
    current_count: int  # delegates on the list now, which replace mode removes
    # The list's version current_count was counted at: a confirm carries it back.
    list_version: int

    @property
    def valid_row_count(self) -> int:
        return self.row_count - self.error_row_count

    @property
    def can_confirm(self) -> bool:
        return not self.error_row_count and not self.file_errors


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def describe_values(values: dict) -> tuple[str, str, str, str, str, str]:
    """Return a row's name, position, agency, phone, e-mail and role as people read them."""
    agency = values.get("agency", "")
    if agency == Agency.OTHER and values.get("agency_other"):
        agency_name = values["agency_other"]
    else:
        agency_name = _label(Agency, agency)
    phone = values.get("phone", "")
    return (
        values.get("full_name", ""),
        values.get("position", ""),
        agency_name,
        format_phone(phone) if phone.startswith("+") else phone,
        values.get("email", ""),
        _label(DelegateRole, values.get("role", "")),
    )


def preview_of(*, delegate_import: DelegateImport) -> ImportPreview:
    """Return the rows of an import as a reader sees them, with their errors."""
    # Read before the count: a change in between makes the confirm stale, never
    # the other way round.
    list_version = (
        BridgePoint.objects.filter(pk=delegate_import.point_id)
        .values_list("list_version", flat=True)
        .get()
    )
    row_errors = delegate_import.row_errors
    row_warnings = delegate_import.errors.get("warnings", {})
    rows = []
    for row in delegate_import.rows:
        full_name, position, agency, phone, email, role = describe_values(row)
        rows.append(
            PreviewRow(
                number=row["row"],
                full_name=full_name,
                position=position,
                agency=agency,
                phone=phone,
                email=email,
                role=role,
                errors=row_errors.get(str(row["row"]), []),
                warnings=row_warnings.get(str(row["row"]), []),
                values={name: row.get(name, "") for name in FIELDS},
            )
        )
    return ImportPreview(
        rows=rows,
        file_errors=delegate_import.file_errors,
        row_count=len(rows),
        error_row_count=len(row_errors),
        current_count=Delegate.objects.filter(point=delegate_import.point_id).count(),
        list_version=list_version,
    )


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
