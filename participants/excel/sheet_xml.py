"""Read a worksheet's cells straight from its XML, with the work bounded first.

openpyxl's read-only reader builds an object per cell and scans a sheet with no
declared size twice; a 3 MB upload unpacking to 64 MB of cells cost 40 s of CPU.
Here one streaming pass over the sheet's XML reads plain values, and refuses the
sheet as soon as it goes past what a delegate list can hold:

- the size the sheet declares (its <dimension>), before any row is read;
- the column of any cell and the cells of any row (MAX_COLUMNS): the header
  scan reads at most HEADER_SCAN_ROWS × MAX_COLUMNS cells;
- the row number of any row;
- the number of cells in the sheet (a few per delegate row), and of XML
  elements (rich-text runs included);
- the number of shared strings (read here too, not by openpyxl).

The size of every XML part is bounded before this (container.py), so the work of
one upload is bounded whatever the file holds.
"""

import io
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, iterparse

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from .container import refuse

MAX_COLUMNS = 32  # the template has 8; room for notes people add beside them
CELLS_PER_ROW = 10  # cells a sheet may hold per delegate row (the template has 8)
ELEMENTS_PER_CELL = 4  # a plain cell has 2 (<c><v>) or 3 (<c><is><t>)
EXTRA_ROWS = 1000  # title rows, blank rows and headings above and between rows

_NS = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
INLINE, TEXT, RUN = f"{_NS}is", f"{_NS}t", f"{_NS}r"
DIMENSION, MERGE_CELL = f"{_NS}dimension", f"{_NS}mergeCell"
STRING_ITEM, PHONETIC = f"{_NS}si", f"{_NS}rPh"
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


@dataclass(frozen=True)
class SheetPart:
    title: str
    state: str
    path: str


@dataclass
class Package:
    archive: object  # zipfile.ZipFile
    sheets: list[SheetPart]
    shared_strings: list[str]


@dataclass
class SheetCells:
    """The rows read from one sheet: row number → values (column 1 first)."""

    title: str
    rows: list[tuple[int, list]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)


def open_package(data: bytes, *, limits: Limits) -> Package:
    """Read the workbook's sheet list and shared strings (no sheet is read yet)."""
    reader = ExcelReader(
        io.BytesIO(data), read_only=True, keep_vba=False, data_only=True
    )
    reader.keep_links = False
    reader.read_manifest()
    reader.read_workbook()
    sheets = [
        SheetPart(title=sheet.name, state=sheet.state or "visible", path=rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    strings = reader.package.find(SHARED_STRINGS)
    shared = []
    if strings is not None:
        shared = _shared_strings(reader.archive, strings.PartName[1:], limits=limits)
    return Package(archive=reader.archive, sheets=sheets, shared_strings=shared)


def _shared_strings(archive, path: str, *, limits: Limits) -> list[str]:
    """The workbook's shared strings as plain text, refusing more than a list
    could use."""
    strings: list[str] = []
    elements = 0
    with archive.open(path) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                elements += 1
                if elements > limits.max_elements:
                    raise _too_many_strings(limits)
                continue
            if element.tag == STRING_ITEM:
                strings.append(_text_of(element))
                if len(strings) > limits.max_cells:
                    raise _too_many_strings(limits)
                element.clear()
    return strings


def _text_of(element) -> str:
    """The text of a string item or inline string, runs joined, phonetics left out."""
    parts = []
    for child in element:
        if child.tag == TEXT:
            parts.append(child.text or "")
        elif child.tag == RUN:
            parts.extend(t.text or "" for t in child.iter(TEXT))
    return "".join(parts)


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


def _number(text: str):
    try:
        if "." in text or "E" in text or "e" in text:
            value = float(text)
            return int(value) if value.is_integer() and abs(value) < 1e15 else value
        return int(text)
    except ValueError:
        return text


def _value(cell, shared_strings: list[str]):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(INLINE)
        return None if inline is None else _text_of(inline)
    value = cell.find(VALUE)
    if value is None or value.text is None:
        return None
    text = value.text
    if kind == "s":
        try:
            return shared_strings[int(text)]
        except (ValueError, IndexError):
            return None
    if kind == "n":
        return _number(text)
    if kind == "b":
        return text == "1"
    return text  # "str" (a formula's text), "e" (an error), "d" (an ISO date)


def read_sheet(
    package: Package,
    sheet: SheetPart,
    *,
    limits: Limits,
    first_rows: int | None = None,
) -> SheetCells:
    """Return the sheet's rows (only the first `first_rows` when given) and its
    merged ranges, refusing it as soon as it passes the limits."""
    result = SheetCells(title=sheet.title)
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
                if tag == ROW:
                    values: list = []
                    position = 0
                    for cell in element:
                        if cell.tag != CELL:
                            continue
                        ref = cell.get("r")
                        match = _REF.match(ref) if ref else None
                        position = (
                            column_index_from_string(match.group(1).upper())
                            if match
                            else position + 1
                        )
                        value = _value(cell, package.shared_strings)
                        if value is not None:
                            if len(values) < position:
                                values.extend([None] * (position - len(values)))
                            values[position - 1] = value
                    if values:
                        result.rows.append((row_number, values))
                    element.clear()
                elif tag == DIMENSION:
                    _check_dimension(element.get("ref", ""), sheet.title, limits)
                elif tag == MERGE_CELL:
                    if element.get("ref"):
                        result.merges.append(element.get("ref"))
                    element.clear()
    except ParseError as exc:
        raise refuse(
            _(
                "The workbook could not be read; it may be damaged. Open it in "
                "Excel, save it again as .xlsx and upload it again."
            ),
            "unreadable",
        ) from exc
    return result
