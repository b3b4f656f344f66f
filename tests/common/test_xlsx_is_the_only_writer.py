"""Every spreadsheet cell the portal writes goes through common.xlsx (issue #7, 1).

A guard for the exports to come (the roll-up's, ...): code outside common/ that
writes a cell's value with openpyxl directly, `sheet.cell(..., value=...)`,
`cell.value = ...` or `sheet["A1"] = ...`, fails here.
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
        if "openpyxl" in source:
            yield path, ast.parse(source)


def direct_writes(tree) -> list[int]:
    lines = []
    for node in ast.walk(tree):
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
    tree = ast.parse('sheet.cell(row=1, column=1, value="=1+1")\nsheet["A1"] = "x"\n')
    assert sorted(direct_writes(tree)) == [1, 2]
