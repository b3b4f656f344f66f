"""Check the rows of a delegate list read from Excel, against the list's rules.

Each row is checked by the same DelegateForm as the web form, against one shared
DelegateIndex (participants.rules): the point's list (append) or nothing
(replace), plus every valid row above it, so a duplicate inside the file or a
second chair is caught without a query per row.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from conference.models import BridgePoint

from ..enums import DelegateRole
from ..forms import DelegateForm
from ..models import DelegateImport, DelegateList
from ..normalise import normalise_phone
from ..rules import DelegateIndex
from .columns import COLUMNS_BY_KEY, sheet_role_labels
from .reading import RowData, unknown_role_message

# The delegate's fields a row fills, as stored in DelegateImport.rows.
FIELDS = ("full_name", "position", "agency", "agency_other", "phone", "email", "role")


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
        DelegateList.objects.filter(pk=point.pk).values_list("version", flat=True).get()
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
            if form.case_warning:
                warnings.append(form.case_warning)
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


def stored_rows(delegate_import: DelegateImport) -> list[RowData]:
    """The rows of a staged import as the reader gave them, to check them again.

    A role the reader could not read keeps its complaint, in the same words."""
    rows = []
    for row in delegate_import.rows:
        data = {name: row.get(name, "") for name in FIELDS}
        rows.append(
            RowData(number=row["row"], data=data, errors=_unread_role(data["role"]))
        )
    return rows


def _unread_role(role: str) -> tuple[str, ...]:
    if role in DelegateRole.values:
        return ()
    return (unknown_role_message(role, choices=sheet_role_labels()),)
