"""Tables whose pages the code cuts: the lines a cell takes, a row's height, what
fits on a page.

A long table rendered in parts side by side (`parts.render_pdf_parts`: the
roll-up, the compiled list of chairs and delegates) must know what each page holds
before WeasyPrint lays it out, to cut the parts and number the pages "n / total".
Cells wrap. The lines a text takes come from the shipped font's advance widths
(`fonts.line_count`) in a column narrowed by `SAFETY`: never fewer than
WeasyPrint's, so a page never overflows, and at worst it ends a line above its
bottom margin. The stylesheets set the same sizes as the `Page` and `Table` here;
tests render adversarial text and check every page holds what was cut for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from .fonts import line_count

PT_PER_MM = 72 / 25.4
# The share of a cell's width the estimate fills: kerning, rounding of WeasyPrint's
# pixels, the space a justified or centred line may keep.
SAFETY = 0.97


@dataclass(frozen=True)
class Page:
    """A page's size and margins, in millimetres (as its `@page` rule says)."""

    width_mm: float
    height_mm: float
    top_mm: float
    right_mm: float
    bottom_mm: float
    left_mm: float

    @property
    def content_width_pt(self) -> float:
        return (self.width_mm - self.left_mm - self.right_mm) * PT_PER_MM

    @property
    def content_height_pt(self) -> float:
        return (self.height_mm - self.top_mm - self.bottom_mm) * PT_PER_MM


@dataclass(frozen=True)
class Text:
    """A run of text set in one face and size: a title, a paragraph, a cell."""

    font_pt: float
    line_pt: float
    bold: bool = False
    italic: bool = False

    def lines(self, text: str, width_pt: float) -> int:
        return line_count(
            text,
            width_em=width_pt * SAFETY / self.font_pt,
            bold=self.bold,
            italic=self.italic,
        )

    def height(self, text: str, width_pt: float) -> float:
        return self.lines(text, width_pt) * self.line_pt


@dataclass(frozen=True)
class Column:
    key: str
    share: float  # of the table's width
    bold: bool = False
    italic: bool = False

    @property
    def css_width(self) -> str:
        """For the template's `<col>`: a plain "." decimal whatever the locale."""
        return f"{self.share * 100:.2f}%"


@dataclass(frozen=True)
class Table:
    """`columns` across `width_pt`. Cells set `text` inside `pad_x_pt` and `pad_y_pt`
    of padding (both sides together) with one `border_pt` rule on their right and
    bottom; the table draws the rule on its top and left."""

    columns: tuple[Column, ...]
    width_pt: float
    text: Text
    pad_x_pt: float
    pad_y_pt: float
    border_pt: float

    def _cell_width(self, share: float) -> float:
        return share * self.width_pt - self.pad_x_pt - self.border_pt

    def row_height(self, row: Mapping[str, object], *, bold: bool = False) -> float:
        """A row of `row[column.key]` texts (bold throughout for a header)."""
        lines = max(
            Text(
                self.text.font_pt,
                self.text.line_pt,
                bold=bold or column.bold,
                italic=column.italic,
            ).lines(str(row.get(column.key, "") or ""), self._cell_width(column.share))
            for column in self.columns
        )
        return lines * self.text.line_pt + self.pad_y_pt + self.border_pt

    def spanning_row_height(self, text: str, *, bold: bool = False) -> float:
        """A row of one cell across every column (a group's heading)."""
        style = Text(self.text.font_pt, self.text.line_pt, bold=bold)
        return (
            style.lines(text, self._cell_width(1.0)) * self.text.line_pt
            + self.pad_y_pt
            + self.border_pt
        )

    def opening_height(self, header: Mapping[str, object]) -> float:
        """The table's top rule and its header row, on every page it is on."""
        return self.border_pt + self.row_height(header, bold=True)


class LaidPage(TypedDict):
    """One page of a `Pager`: its number and its blocks, in order."""

    number: int
    blocks: list[dict[str, Any]]


class Pager:
    """Headings and table rows laid into pages `room_pt` high, in order.

    Each page is `{"number": n, "blocks": [...]}`. A block is `{"kind": kind, **data}`
    for a heading, or `{"kind": table, "rows": [...]}` for the rows of one table on
    that page: its template opens the table (top rule, header row) on every page the
    table is on, which `opening_pt` measures. What does not fit starts a new page,
    unless the page is still empty; `keep_with_pt` is room kept for what must follow
    on the same page (a heading's first row).
    """

    def __init__(self, room_pt: float):
        self.room = room_pt
        self.pages: list[LaidPage] = []
        self.page: LaidPage
        self.new_page()

    def new_page(self) -> None:
        self.page = {"number": len(self.pages) + 1, "blocks": []}
        self.pages.append(self.page)
        self.used = 0.0
        self.table: str | None = None

    def _opening(self, table: str, opening_pt: float) -> float:
        return 0.0 if self.table == table else opening_pt

    def fits(self, table: str, opening_pt: float, height_pt: float) -> bool:
        return self.used + self._opening(table, opening_pt) + height_pt <= self.room

    def _make_room(self, need_pt: float) -> None:
        if self.page["blocks"] and self.used + need_pt > self.room:
            self.new_page()

    def heading(self, kind: str, height_pt: float, *, keep_with_pt=0.0, **data) -> None:
        self._make_room(height_pt + keep_with_pt)
        self.page["blocks"].append({"kind": kind, **data})
        self.used += height_pt
        self.table = None

    def row(
        self,
        table: str,
        opening_pt: float,
        row: dict,
        height_pt: float,
        *,
        keep_with_pt: float = 0.0,
    ) -> None:
        self._make_room(self._opening(table, opening_pt) + height_pt + keep_with_pt)
        if self.table != table:
            self.page["blocks"].append({"kind": table, "rows": []})
            self.used += opening_pt
            self.table = table
        self.page["blocks"][-1]["rows"].append(row)
        self.used += height_pt
