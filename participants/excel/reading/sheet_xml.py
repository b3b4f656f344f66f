"""Bound the work of reading a worksheet before openpyxl reads it.

openpyxl builds objects for every cell, run and string it reads, so an upload that
is small on the wire but holds millions of cells or rich-text runs would cost a
worker minutes. One streaming pass over the XML of each part the import reads
counts what it holds, keeping nothing but the merged ranges, and refuses the
workbook as soon as it goes past what a delegate list can hold:

- the size the sheet declares (its <dimension>), before any row is read;
- the column of any cell and the cells of any row (MAX_COLUMNS): the header
  scan reads at most HEADER_SCAN_ROWS × MAX_COLUMNS cells;
- the row number of any row;
- the number of cells in the sheet (a few per delegate row), and of XML
  elements (rich-text runs included);
- the number of shared strings and of their elements.

The size of every XML part is bounded before this (container.py), so the work of
one upload is bounded whatever the file holds. openpyxl's merged cells are not
available in its read-only mode: the merged ranges are taken from this pass.
"""

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, iterparse

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter

from .container import refuse, unreadable
from .package import Package, SheetPart

MAX_COLUMNS = 32  # the template has 8; room for notes people add beside them
CELLS_PER_ROW = 10  # cells a sheet may hold per delegate row (the template has 8)
ELEMENTS_PER_CELL = 4  # a plain cell has 2 (<c><v>) or 3 (<c><is><t>)
EXTRA_ROWS = 1000  # title rows, blank rows and headings above and between rows

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL = f"{_NS}row", f"{_NS}c"
DIMENSION, MERGE_CELL, STRING_ITEM = f"{_NS}dimension", f"{_NS}mergeCell", f"{_NS}si"
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class Limits:
    """How far one sheet may go, for an import of at most `max_rows` rows."""

    max_rows: int
    max_columns: int = MAX_COLUMNS

    @property
    def last_row(self) -> int:
        return self.max_rows + EXTRA_ROWS

    @property
    def max_cells(self) -> int:
        return self.max_rows * CELLS_PER_ROW + EXTRA_ROWS

    @property
    def max_elements(self) -> int:
        return self.max_cells * ELEMENTS_PER_CELL


@dataclass
class SheetBounds:
    """What the pass keeps of a sheet: its merged ranges (e.g. "D2:D4")."""

    title: str
    merges: list[str] = field(default_factory=list)


def check_shared_strings(package: Package, *, limits: Limits) -> None:
    """Refuse a workbook with more shared strings than a list could use."""
    if package.shared_strings is None:
        return
    strings = elements = 0
    try:
        with package.archive.open(package.shared_strings) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    elements += 1
                    if elements > limits.max_elements:
                        raise _too_many_strings(limits)
                    continue
                if element.tag == STRING_ITEM:
                    strings += 1
                    if strings > limits.max_cells:
                        raise _too_many_strings(limits)
                    element.clear()
    except ParseError as exc:
        raise unreadable() from exc


def _too_many_strings(limits: Limits):
    return refuse(
        _(
            "The workbook holds more than %(limit)s different texts, far more than "
            "a delegate list needs. Copy the list into the template and upload that."
        )
        % {"limit": limits.max_cells},
        "too_many_strings",
    )


def _too_wide(title: str, column: int, limits: Limits):
    return refuse(
        _(
            "The sheet “%(sheet)s” uses columns up to %(column)s; a delegate list "
            "may use at most %(limit)s columns (A to %(last)s). Delete the columns "
            "to the right of the list and upload it again."
        )
        % {
            "sheet": title,
            "column": get_column_letter(min(column, 16384)),
            "limit": limits.max_columns,
            "last": get_column_letter(limits.max_columns),
        },
        "too_many_columns",
    )


def _too_long(title: str, row: int, limits: Limits):
    return refuse(
        _(
            "The sheet “%(sheet)s” goes down to row %(row)s; a delegate list may "
            "use at most %(limit)s rows. Delete the empty rows below the list and "
            "upload it again."
        )
        % {"sheet": title, "row": row, "limit": limits.last_row},
        "too_many_sheet_rows",
    )


def _too_many_cells(title: str, limits: Limits):
    return refuse(
        _(
            "The sheet “%(sheet)s” holds more than %(limit)s cells, far more than a "
            "delegate list needs. Copy the list into the template and upload that."
        )
        % {"sheet": title, "limit": limits.max_cells},
        "too_many_cells",
    )


def _check_dimension(ref: str, title: str, limits: Limits) -> None:
    last = ref.split(":")[-1]
    match = _REF.match(last)
    if not match:
        return
    column = column_index_from_string(match.group(1).upper())
    row = int(match.group(2))
    if column > limits.max_columns:
        raise _too_wide(title, column, limits)
    if row > limits.last_row:
        raise _too_long(title, row, limits)


def check_sheet(
    package: Package,
    sheet: SheetPart,
    *,
    limits: Limits,
    first_rows: int | None = None,
) -> SheetBounds:
    """Refuse the sheet (only its first `first_rows` rows when given) as soon as it
    passes the limits; return its merged ranges."""
    result = SheetBounds(title=sheet.title)
    cells = elements = in_row = 0
    row_number = 0
    column = 0
    try:
        with package.archive.open(sheet.path) as source:
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    elements += 1
                    if elements > limits.max_elements:
                        raise _too_many_cells(sheet.title, limits)
                    if tag == CELL:
                        cells += 1
                        in_row += 1
                        if cells > limits.max_cells:
                            raise _too_many_cells(sheet.title, limits)
                        ref = element.get("r")
                        match = _REF.match(ref) if ref else None
                        if match:
                            column = column_index_from_string(match.group(1).upper())
                        else:
                            column += 1
                        if column > limits.max_columns or in_row > limits.max_columns:
                            raise _too_wide(sheet.title, max(column, in_row), limits)
                    elif tag == ROW:
                        number = element.get("r")
                        row_number = (
                            int(number)
                            if number and number.isdigit()
                            else row_number + 1
                        )
                        column = in_row = 0
                        if row_number > limits.last_row:
                            raise _too_long(sheet.title, row_number, limits)
                        if first_rows is not None and row_number > first_rows:
                            break
                    continue
                if tag == DIMENSION:
                    _check_dimension(element.get("ref", ""), sheet.title, limits)
                elif tag == MERGE_CELL and element.get("ref"):
                    result.merges.append(element.get("ref"))
                if tag in (ROW, MERGE_CELL):
                    element.clear()
    except ParseError as exc:
        raise unreadable() from exc
    return result
