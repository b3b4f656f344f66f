"""Every spreadsheet the portal writes goes through here.

Each cell is a string cell, never a formula, a number or a date, and a text that
a spreadsheet would read as a formula is neutralised the way OWASP describes
(CSV/formula injection): a leading =, +, -, @, tab or carriage return gets a
single quote in front. Characters XML cannot hold (control characters stored
before the input was cleaned) are dropped, so old data still exports.
"""

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from functools import cache

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
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


class TextRows:
    """The body of a large write-only sheet: rows of text cells, streamed to disk.

    openpyxl makes a cell object and an XML element for every value, about 20 µs a
    cell: 100,000 delegates × 8 columns would take 17 s. Here a row is one string of
    SpreadsheetML, built from `safe_cell` texts, so the same cells cost about 2 µs.
    The sheet itself (column widths, frozen and styled header, filter) is still
    openpyxl's; `workbook_bytes` puts these rows after its header when it saves.

    Each cell is an inline string (`t="inlineStr"`): text, whatever it looks like.
    """

    _SPOOL_BYTES = 1 << 20  # in memory up to 1 MiB, then a temporary file

    def __init__(self, sheet: WriteOnlyWorksheet, *, first_row: int = 2):
        self.sheet = sheet
        self.first_row = first_row
        self.next_row = first_row
        self._file = tempfile.SpooledTemporaryFile(max_size=self._SPOOL_BYTES)
        self._pending: list[str] = []

    @property
    def count(self) -> int:
        """How many rows were appended."""
        return self.next_row - self.first_row

    def append(self, values: Iterable) -> None:
        number = self.next_row
        cells = "".join(
            _text_cell(_column_letter(column), number, safe_cell(value))
            for column, value in enumerate(values, start=1)
        )
        self._pending.append(f'<row r="{number}">{cells}</row>')
        self.next_row = number + 1
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._file.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()

    def copy_to(self, target) -> None:
        self._flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, target, 1 << 20)

    def close(self) -> None:
        self._file.close()


# "A", "B", … "AA": the column letters, worked out once per column.
_column_letter = cache(get_column_letter)


def _text_cell(column: str, row: int, text: str) -> str:
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:  # a parser would read a bare CR as LF
        text = text.replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{column}{row}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def workbook_bytes(workbook: Workbook, rows: Iterable[TextRows] = ()) -> bytes:
    """The workbook as .xlsx bytes, with each `TextRows` after its sheet's header."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    streams = {stream.sheet.path.lstrip("/"): stream for stream in rows}
    if not streams:
        return buffer.getvalue()
    try:
        return _splice(buffer, streams)
    finally:
        for stream in streams.values():
            stream.close()


def _splice(saved: io.BytesIO, streams: dict[str, TextRows]) -> bytes:
    """Copy the saved package, streaming each sheet's rows before its </sheetData>."""
    result = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            stream = streams.get(info.filename)
            if stream is None:
                target.writestr(info, data)
                continue
            xml = re.sub(rb"<sheetData\s*/>", b"<sheetData></sheetData>", data)
            head, tail = xml.split(b"</sheetData>", 1)
            with target.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                stream.copy_to(out)
                out.write(b"</sheetData>" + tail)
    return result.getvalue()


def unquote_cell(text: str) -> str:
    """Undo `safe_cell` on a cell read back: an exported list imports as it was."""
    if (
        text.startswith(NEUTRALISER)
        and text[1:2]
        and text[1:].startswith(FORMULA_TRIGGERS)
    ):
        return text[1:]
    return text
