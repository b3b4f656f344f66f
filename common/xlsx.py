"""Every spreadsheet the portal writes goes through here.

Workbooks are written by XlsxWriter. A cell is never a formula. What the portal
computed as a number (a count, a row number) or a moment is written as a real number
or date (shown dd/mm/yyyy or dd/mm/yyyy hh:mm, in Vietnam's time), so people can sum
and sort them; everything else, and whatever anyone typed, is a text cell (an inline
or shared string), whatever its text looks like: a phone stays "0912 345 678". A text
that a spreadsheet would take for a formula when someone edits the cell or saves
the sheet as CSV (CSV/formula injection, OWASP: a leading =, +, -, @, tab or
carriage return) gets Excel's quote-prefix style: the cell shows the text as it is,
and Excel or LibreOffice keep it as text. Characters XML cannot hold (control
characters stored before the input was cleaned) are dropped, so old data still
exports.

Large exports stream: `Workbook(streaming=True)` is XlsxWriter's `constant_memory`
mode, where each row goes to a temporary file once the next row starts, so memory
stays flat whatever the number of rows; rows must then be written in order.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

# What an .xlsx is served and accepted as.
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Files exported before the quote-prefix style held a literal quote instead.
LEGACY_NEUTRALISER = "'"
# How dates and moments read, whatever the spreadsheet's language.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# What XML 1.0 cannot carry.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_text(value: Any) -> str:
    """Return the text a cell shows for `value`: XML-safe, numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _ILLEGAL.sub("", str(value))


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text`, typed into a cell, as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def unquote_cell(text: str) -> str:
    """Undo the literal quote of a file exported before the quote-prefix style:
    an old exported list imports as it was."""
    if (
        text.startswith(LEGACY_NEUTRALISER)
        and text[1:2]
        and looks_like_formula(text[1:])
    ):
        return text[1:]
    return text


@dataclass(frozen=True)
class Style:
    """A cell style, and the same style with the quote prefix for formula-like text."""

    plain: Format | None
    quoted: Format
    properties: dict[str, Any]


class Workbook:
    """An .xlsx being written, whose every cell is a text cell.

    Rows and columns are numbered as the spreadsheet shows them, from 1. The
    worksheets are XlsxWriter's: their layout (widths, frozen panes, filters, data
    validation, page setup) is set on them directly; their cells only through
    `write`, `write_row` and `merge` here.
    """

    def __init__(self, *, streaming: bool = False):
        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._buffer,
            {
                "constant_memory": streaming,
                # Whatever a text looks like, it is written as text.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._plain = self.style()
        self._moment_formats: dict[tuple, Format] = {}

    def add_sheet(self, title: str) -> Worksheet:
        return self._book.add_worksheet(title)

    def style(self, **properties: Any) -> Style:
        """A style from XlsxWriter's format properties (bold=True, border=1, ...)."""
        return Style(
            plain=self._book.add_format(properties) if properties else None,
            quoted=self._book.add_format({**properties, "quote_prefix": True}),
            properties=properties,
        )

    def write(
        self,
        sheet: Worksheet,
        *,
        row: int,
        column: int,
        value: Any,
        style: Style | None = None,
    ) -> None:
        """Write `value`: a number or a date as such, anything else as a text
        cell; an empty text leaves the cell blank (styled, when a style is given)."""
        style = style or self._plain
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            sheet.write_number(row - 1, column - 1, value, style.plain)
            return
        if isinstance(value, date):
            self._write_moment(sheet, row=row, column=column, value=value, style=style)
            return
        text = cell_text(value)
        if not text:
            if style.plain is not None:
                sheet.write_blank(row - 1, column - 1, None, style.plain)
            return
        quoted = text.startswith(FORMULA_TRIGGERS)
        sheet.write_string(
            row - 1, column - 1, text, style.quoted if quoted else style.plain
        )

    def _write_moment(
        self, sheet: Worksheet, *, row: int, column: int, value: date, style: Style
    ) -> None:
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            number_format = DATETIME_FORMAT
        else:
            number_format = DATE_FORMAT
        sheet.write_datetime(
            row - 1, column - 1, value, self._moment_format(style, number_format)
        )

    def _moment_format(self, style: Style, number_format: str) -> Format:
        """The style's own look (bold, borders...) with the date's format."""
        key = (tuple(sorted(style.properties.items())), number_format)
        if key not in self._moment_formats:
            self._moment_formats[key] = self._book.add_format(
                {**style.properties, "num_format": number_format}
            )
        return self._moment_formats[key]

    def write_row(
        self,
        sheet: Worksheet,
        *,
        row: int,
        values: Iterable[Any],
        style: Style | None = None,
        first_column: int = 1,
    ) -> None:
        """Write `values` as text cells along a row."""
        for column, value in enumerate(values, start=first_column):
            self.write(sheet, row=row, column=column, value=value, style=style)

    def merge(
        self, sheet: Worksheet, cells: str, value: Any, style: Style | None = None
    ) -> None:
        """Merge a range ("A1:H1") holding `value` as text."""
        style = style or self._plain
        text = cell_text(value)
        quoted = text.startswith(FORMULA_TRIGGERS)
        sheet.merge_range(cells, "", style.quoted if quoted else style.plain)
        first = cells.split(":")[0]
        sheet.write_string(first, text, style.quoted if quoted else style.plain)

    def content(self) -> bytes:
        """Close the workbook and return its .xlsx bytes."""
        self._book.close()
        return self._buffer.getvalue()
