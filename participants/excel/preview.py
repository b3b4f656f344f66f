"""What the preview of a staged import shows: one page of its rows, those with
errors first, with the counts of the whole file."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from ..enums import agency_name, role_labels
from ..models import Delegate, DelegateImport, DelegateList
from ..normalise import format_phone
from .checking import FIELDS


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


# Rows of the preview shown at once: a file of 5,000 refused rows is read page by
# page, each page with a correction form under each of its refused rows.
PREVIEW_PAGE_SIZE = 25


@dataclass(frozen=True)
class ImportPreview:
    page: Page  # this page's PreviewRows, rows with errors first
    file_errors: list[str]
    row_count: int
    error_row_count: int
    current_count: int  # delegates on the list now, which replace mode removes
    # The list's version current_count was counted at: a confirm carries it back.
    list_version: int

    @property
    def rows(self) -> list[PreviewRow]:
        return list(self.page.object_list)

    @property
    def valid_row_count(self) -> int:
        return self.row_count - self.error_row_count

    @property
    def can_confirm(self) -> bool:
        return not self.error_row_count and not self.file_errors


def describe_values(values: dict) -> tuple[str, str, str, str, str, str]:
    """Return a row's name, position, agency, phone, e-mail and role as people read them."""
    role = values.get("role", "")
    phone = values.get("phone", "")
    return (
        values.get("full_name", ""),
        values.get("position", ""),
        agency_name(values.get("agency", ""), values.get("agency_other", "")),
        format_phone(phone) if phone.startswith("+") else phone,
        values.get("email", ""),
        role_labels().get(role, role),
    )


def rows_errors_first(delegate_import: DelegateImport) -> list[dict]:
    """The stored rows, those with errors first, each group in the file's order."""
    errors = delegate_import.row_errors
    return sorted(
        delegate_import.rows,
        key=lambda row: (str(row["row"]) not in errors, row["row"]),
    )


def preview_of(
    *, delegate_import: DelegateImport, page: int | str | None = 1
) -> ImportPreview:
    """Return one page of an import's rows as a reader sees them, rows with errors
    first, with the counts of the whole file.

    The rows come from the staged import (the file is read once, on upload); only
    the page's rows are described.
    """
    # Read before the count: a change in between makes the confirm stale, never
    # the other way round.
    list_version = (
        DelegateList.objects.filter(pk=delegate_import.point_id)
        .values_list("version", flat=True)
        .get()
    )
    row_errors = delegate_import.row_errors
    row_warnings = delegate_import.errors.get("warnings", {})
    shown = Paginator(rows_errors_first(delegate_import), PREVIEW_PAGE_SIZE).get_page(
        page
    )
    described = []
    for row in shown.object_list:
        full_name, position, agency, phone, email, role = describe_values(row)
        described.append(
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
    shown.object_list = described
    return ImportPreview(
        page=shown,
        file_errors=delegate_import.file_errors,
        row_count=len(delegate_import.rows),
        error_row_count=len(row_errors),
        current_count=Delegate.objects.filter(point=delegate_import.point_id).count(),
        list_version=list_version,
    )
