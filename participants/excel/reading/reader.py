"""Read a delegate list from an uploaded .xlsx, coping with what real files hold.

The container is checked first (container.py): size, file type by content,
macros, encryption and how far the zip and each of its parts expand. The parts a
list is read from are found (package.py) and bounded (sheet_xml.py: declared
size, columns, rows, cells, shared strings) before openpyxl reads their values in
its read-only mode. Then the header row is found among the first rows by its
column names, and each row's cells are turned into the data the delegate form
expects (cells.py).
"""

import warnings
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.cell_range import CellRange

from common.text import normalise_text
from conference.models import BridgePoint

from ..columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    GUIDE_TITLE,
    LISTS_TITLE,
    REQUIRED_KEYS,
    SHEET_TITLE,
    fold_key,
)
from .cells import RowData, Vocabulary, row_data
from .container import (
    WorkbookRefused,
    check_container,
    expands_too_far,
    read_upload_bytes,
    refuse,
    unreadable,
)
from .package import Package, SheetPart, open_package
from .sheet_xml import Limits, check_shared_strings, check_sheet

HEADER_SCAN_ROWS = 15
# The sheets a list may be looked for in, together: openpyxl scans a sheet that
# declares no size once when it opens the workbook.
MAX_SHEETS_BYTES = 16 * 1024 * 1024

# -- the sheet --------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, Any]  # column key → raw cell value


@dataclass
class DelegateSheet:
    sheet_name: str
    header_row: int
    columns: dict[str, str]  # column key → the header text found
    rows: list[SheetRow] = field(default_factory=list)


def _header_lookup() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact = {}
    for column in COLUMNS:
        for name in (column.header, *column.synonyms):
            exact.setdefault(fold_key(name), column.key)
    by_length = sorted(exact.items(), key=lambda item: len(item[0]), reverse=True)
    return exact, [(key, value) for key, value in by_length if len(key) >= 4]


def match_header(text, *, lookup=None) -> str | None:
    """Return the column key a header cell names, or None for a column to ignore."""
    exact, prefixes = lookup or _header_lookup()
    key = fold_key(text)
    if not key:
        return None
    if key in exact:
        return exact[key]
    # "Số điện thoại (di động)", "Họ và tên (*)", "Email công vụ".
    for prefix, column_key in prefixes:
        if key.startswith(prefix):
            return column_key
    return None


@dataclass(frozen=True)
class _Header:
    row: int
    columns: dict[int, str]  # column number → column key
    texts: dict[str, str]  # column key → the header text found


def _find_header(rows, lookup) -> _Header | None:
    best = None
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        mapping: dict[int, str] = {}
        texts: dict[str, str] = {}
        for col, value in enumerate(values, start=1):
            if not isinstance(value, str):
                continue
            key = match_header(value, lookup=lookup)
            if key and key not in texts:
                mapping[col] = key
                texts[key] = normalise_text(value)
        score = (len(set(REQUIRED_KEYS) & set(texts)), len(texts))
        if len(texts) >= 2 and (best is None or score > best[0]):
            best = (score, _Header(row=number, columns=mapping, texts=texts))
    return best[1] if best else None


def _ordered_sheets(sheets: list[SheetPart]) -> list[SheetPart]:
    sheets = [sheet for sheet in sheets if sheet.state == "visible"]
    skip = {fold_key(GUIDE_TITLE), fold_key(LISTS_TITLE)}
    sheets = [sheet for sheet in sheets if fold_key(sheet.title) not in skip]
    named = [
        sheet for sheet in sheets if fold_key(sheet.title) == fold_key(SHEET_TITLE)
    ]
    return named + [sheet for sheet in sheets if sheet not in named]


def _missing_columns_refusal(found_keys) -> WorkbookRefused:
    missing = [
        COLUMNS_BY_KEY[key].header for key in REQUIRED_KEYS if key not in found_keys
    ]
    return refuse(
        _(
            "No header row with the required columns was found in the first "
            "%(rows)s rows. Missing columns: %(missing)s. Use the template's header "
            "(STT, Họ và tên, Chức vụ, Cơ quan, Tên cơ quan khác, Số điện thoại, "
            "Email, Vai trò)."
        )
        % {"rows": HEADER_SCAN_ROWS, "missing": ", ".join(missing)},
        "no_header",
    )


def _merged_ranges(refs: list[str]) -> list[CellRange]:
    ranges = []
    for ref in refs:
        try:
            ranges.append(CellRange(ref))
        except (ValueError, TypeError):
            continue
    return ranges


class _MergedData:
    """Merged cells below the header: vertical ones fill down, row-wide ones are headings."""

    def __init__(self, ranges: list[CellRange], *, header: _Header):
        self.headings = set()
        self.by_column: dict[int, list[list]] = {}
        for merged in ranges:
            if merged.min_row <= header.row or merged.min_col not in header.columns:
                continue
            mapped = [
                col for col in header.columns if merged.min_col <= col <= merged.max_col
            ]
            if len(mapped) >= 2:
                self.headings.add((merged.min_row, merged.min_col))
            if merged.max_row > merged.min_row:
                self.by_column.setdefault(merged.min_col, []).append(
                    [merged.min_row, merged.max_row, None]
                )
        for spans in self.by_column.values():
            spans.sort()
        self._next = dict.fromkeys(self.by_column, 0)

    def fill(self, number: int, values: list) -> None:
        """Give the cells of row `number` their merged range's value, rows in order."""
        for col, spans in self.by_column.items():
            index = self._next[col]
            while index < len(spans) and spans[index][1] < number:
                index += 1
            self._next[col] = index
            if index == len(spans) or spans[index][0] > number:
                continue
            span = spans[index]
            if span[0] == number:
                span[2] = values[col - 1]
            elif values[col - 1] is None:
                values[col - 1] = span[2]


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not normalise_text(value))


def read_delegate_sheet(data: bytes, *, file_name: str, max_rows: int) -> DelegateSheet:
    """Return the delegate rows of a checked .xlsx package, or refuse the file.

    Each sheet is bounded by sheet_xml (its declared size, columns, rows and cells)
    before openpyxl reads it, so the work never grows past the limits.
    """
    limits = Limits(max_rows=max_rows)
    try:
        package = open_package(data)
        check_shared_strings(package, limits=limits)
        sheets = _ordered_sheets(package.sheets)
        if sum(package.part_size(sheet.path) for sheet in sheets) > MAX_SHEETS_BYTES:
            raise expands_too_far()
        with warnings.catch_warnings():
            # openpyxl warns of what it leaves out (styles, names): nothing to say.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                package.readable_subset(sheets),
                read_only=True,
                data_only=True,
                keep_links=False,
            )
        try:
            return _read_rows(package, workbook, sheets, limits=limits)
        finally:
            workbook.close()
    except WorkbookRefused:
        raise
    except Exception as exc:  # openpyxl raises anything from KeyError to ParseError
        raise unreadable() from exc


def _values(workbook, part: SheetPart, *, limits: Limits, last_row: int):
    """(row number, values) of each row with a value, up to `last_row`, from a
    sheet that `sheet_xml` has bounded."""
    rows = workbook[part.title].iter_rows(
        min_row=1, max_row=last_row, max_col=limits.max_columns, values_only=True
    )
    for number, row in enumerate(rows, start=1):
        # Text as Excel shows it: "_x000D_" is a carriage return (ECMA-376 ST_Xstring).
        values = [unescape(v) if isinstance(v, str) else v for v in row]
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, values


def _read_rows(
    package: Package, workbook, sheets: list[SheetPart], *, limits: Limits
) -> DelegateSheet:
    lookup = _header_lookup()
    found = None
    best_keys: set[str] = set()
    for part in sheets:
        check_sheet(package, part, limits=limits, first_rows=HEADER_SCAN_ROWS)
        first = _values(workbook, part, limits=limits, last_row=HEADER_SCAN_ROWS)
        header = _find_header(first, lookup)
        if header is None:
            continue
        if set(REQUIRED_KEYS) <= set(header.texts):
            found = (part, header)
            break
        if len(set(header.texts) & set(REQUIRED_KEYS)) >= len(
            best_keys & set(REQUIRED_KEYS)
        ):
            best_keys = set(header.texts)
    if found is None:
        raise _missing_columns_refusal(best_keys)
    part, header = found
    bounds = check_sheet(package, part, limits=limits)
    merged = _MergedData(_merged_ranges(bounds.merges), header=header)
    result = DelegateSheet(
        sheet_name=part.title, header_row=header.row, columns=dict(header.texts)
    )
    last_col = max(header.columns)
    data_cols = [col for col, key in header.columns.items() if key != "index"]
    for number, row in _values(workbook, part, limits=limits, last_row=limits.last_row):
        if number <= header.row:
            continue
        values = row[:last_col] + [None] * (last_col - len(row))
        merged.fill(number, values)
        filled = [col for col in data_cols if not _is_empty(values[col - 1])]
        if not filled:
            continue
        if len(filled) == 1 and (number, filled[0]) in merged.headings:
            continue  # a section heading merged across the row ("I. SỞ NỘI VỤ")
        if len(result.rows) >= limits.max_rows:
            raise refuse(
                _(
                    "The file has more than %(limit)s delegate rows, the most one "
                    "upload may hold."
                )
                % {"limit": limits.max_rows},
                "too_many_rows",
            )
        cells = {key: values[col - 1] for col, key in header.columns.items()}
        result.rows.append(SheetRow(number=number, cells=cells))
    if not result.rows:
        raise refuse(
            _("The file has no delegate rows under the header row."), "no_rows"
        )
    return result


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
