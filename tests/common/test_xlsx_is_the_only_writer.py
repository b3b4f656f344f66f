"""Every spreadsheet cell the portal writes goes through common.xlsx (issue #7, 1).

A guard for the exports to come (the roll-up's, ...): code outside common/ that
writes a cell's value around common.xlsx fails here: with XlsxWriter directly
(`sheet.write_string(...)`, `sheet.write(0, 0, ...)`, `sheet.merge_range(...)`,
...) or with openpyxl (`sheet.cell(..., value=...)`, `cell.value = ...`,
`sheet["A1"] = ...`). common.xlsx's own `write`/`write_row` take the sheet as
their one positional argument; XlsxWriter's take a row and a column.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "var", "tests", "node_modules", "common", "bench"}


def project_modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP or "migrations" in parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" in source or "xlsxwriter" in source:
            yield path, ast.parse(source)


XLSXWRITER_WRITES = {
    "write_string",
    "write_number",
    "write_blank",
    "write_formula",
    "write_array_formula",
    "write_dynamic_array_formula",
    "write_datetime",
    "write_boolean",
    "write_url",
    "write_rich_string",
    "write_column",
    "merge_range",
}


def direct_writes(tree) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in XLSXWRITER_WRITES or (
                name in ("write", "write_row") and len(node.args) >= 2
            ):
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "cell"
            and any(k.arg == "value" for k in node.keywords)
        ):
            lines.append(node.lineno)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    lines.append(node.lineno)
                if isinstance(target, ast.Subscript) and isinstance(
                    target.slice, ast.Constant
                ):
                    if (
                        isinstance(target.slice.value, str)
                        and target.slice.value[:1].isalpha()
                    ):
                        lines.append(node.lineno)
    return lines


def test_no_module_writes_a_cell_value_around_common_xlsx():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path, tree in project_modules()
        if (lines := direct_writes(tree))
    }
    assert offenders == {}


def test_the_guard_sees_a_direct_write():
    tree = ast.parse(
        'sheet.cell(row=1, column=1, value="=1+1")\nsheet["A1"] = "x"\n'
        'sheet.write(0, 0, "=1+1")\nsheet.write_string(0, 0, "x")\n'
        'sheet.merge_range("A1:B1", "x")\nsheet.write_row(0, 0, ["x"])\n'
        'book.write(sheet, row=1, column=1, value="x")\nfile.write(data)\n'
    )
    assert sorted(direct_writes(tree)) == [1, 2, 3, 4, 5, 6]
