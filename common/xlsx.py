"""Every spreadsheet the portal writes goes through here.

Each cell is a string cell, never a formula, a number or a date, and a text that
a spreadsheet would read as a formula is neutralised the way OWASP describes
(CSV/formula injection): a leading =, +, -, @, tab or carriage return gets a
single quote in front. Characters XML cannot hold (control characters stored
before the input was cleaned) are dropped, so old data still exports.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
# What XML 1.0 cannot carry, and openpyxl refuses with IllegalCharacterError.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_cell(value) -> str:
    """Return the text a cell shows for `value`, safe to open in any spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _ILLEGAL.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return NEUTRALISER + text
    return text


def _as_string(cell, value):
    text = safe_cell(value)
    cell.value = text or None
    if text:
        cell.data_type = "s"  # a string whatever openpyxl would infer
    return cell


def set_cell(sheet, *, row: int, column: int, value) -> Cell:
    """Write `value` as a safe string cell of a normal worksheet; return the cell."""
    return _as_string(sheet.cell(row=row, column=column), value)


def string_cell(sheet, value) -> Cell:
    """A safe string cell for a write-only sheet; style it before appending."""
    return _as_string(WriteOnlyCell(sheet), value)


def append_row(sheet, values) -> None:
    """Append one row of safe string cells to a sheet, normal or write-only.

    A value that is already a cell (styled by the caller, made with
    `string_cell`) is kept as it is.
    """
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet.append(
            [v if isinstance(v, Cell) else string_cell(sheet, v) for v in values]
        )
        return
    row = sheet.max_row + 1 if sheet._cells else 1
    for column, value in enumerate(values, start=1):
        set_cell(sheet, row=row, column=column, value=value)


def write_only_workbook() -> Workbook:
    """A streaming workbook for large exports: memory stays flat."""
    return Workbook(write_only=True)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unquote_cell(text: str) -> str:
    """Undo `safe_cell` on a cell read back: an exported list imports as it was."""
    if (
        text.startswith(NEUTRALISER)
        and text[1:2]
        and text[1:].startswith(FORMULA_TRIGGERS)
    ):
        return text[1:]
    return text
