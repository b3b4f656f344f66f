"""The tile map of a conference's points: positions are data, one file per unit set.

`dashboard/data/tilemaps/<unit set code>.yaml` places each unit's tile (col, row,
short label). A unit set without a file, or a unit the file does not place, falls
back to a grid grouped by region, one block of columns per region.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.html import escape

from participants.enums import ListStatus
from readiness.enums import Readiness

TILEMAP_DIR = Path(__file__).resolve().parent / "data" / "tilemaps"
FALLBACK_COLUMNS = 40  # tiles per row of a region's block in the fallback grid


@dataclass(frozen=True)
class TilePosition:
    col: int
    row: int
    short: str


@lru_cache(maxsize=16)
def layout_of(unit_set_code: str) -> dict[str, TilePosition] | None:
    """The positions of a unit set's tiles by unit code, or None without a file."""
    path = TILEMAP_DIR / f"{unit_set_code}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        str(code): TilePosition(
            col=int(spec["col"]), row=int(spec["row"]), short=str(spec["short"])
        )
        for code, spec in data["tiles"].items()
    }


@dataclass
class Tile:
    pk: int
    code: str
    name: str
    short: str
    region: str
    status: str
    readiness: str
    col: int
    row: int


def place_tiles(rows: list[dict], *, unit_set_code: str) -> tuple[list[Tile], bool]:
    """Return the tiles with their positions, and whether the set's layout was used."""
    layout = layout_of(unit_set_code)
    if layout is not None and all(r["unit__code"] in layout for r in rows):
        tiles = [
            _tile(
                r,
                layout[r["unit__code"]].col,
                layout[r["unit__code"]].row,
                layout[r["unit__code"]].short,
            )
            for r in rows
        ]
        return tiles, True
    return _grid_by_region(rows), False


def _grid_by_region(rows: list[dict]) -> list[Tile]:
    """Regions one under the other, in the data's order, each a block of rows."""
    by_region: dict[str, list[dict]] = {}
    for r in rows:
        by_region.setdefault(r["unit__region"] or "", []).append(r)
    tiles = []
    top = 0
    width = min(FALLBACK_COLUMNS, max((len(v) for v in by_region.values()), default=1))
    for region in sorted(by_region, key=lambda k: (k == "", k)):
        members = by_region[region]
        for index, r in enumerate(members):
            tiles.append(_tile(r, index % width, top + index // width, r["unit__code"]))
        top += math.ceil(len(members) / width) + 1  # a blank row between regions
    return tiles


def _tile(row: dict, col: int, line: int, short: str) -> Tile:
    return Tile(
        pk=row["pk"],
        code=row["unit__code"],
        name=row["unit__name"],
        short=short,
        region=row["unit__region"],
        status=row["list_status"],
        readiness=row["readiness_level"],
        col=col,
        row=line,
    )


TILE_SIZE = 56
TILE_GAP = 4
STATUS_SYMBOLS = {
    ListStatus.NOT_STARTED: "○",
    ListStatus.DRAFT: "✎",
    ListStatus.SUBMITTED: "✓",
    ListStatus.REOPENED: "↺",
    ListStatus.LATE: "!",
}
READINESS_SYMBOLS = {
    Readiness.NOT_TESTED: "○",
    Readiness.IN_PROGRESS: "◐",
    Readiness.PROBLEM: "✗",
    Readiness.READY: "✓",
}


@dataclass
class DrawnTiles:
    shown: list[dict]  # each tile with its place, key, label and symbol
    width: int
    height: int
    legend: list[tuple[str, str, str]]  # (value, label, symbol)


def draw_tiles(tiles: list[Tile], *, by: str) -> DrawnTiles:
    """Place each tile on the map in pixels, coloured by `by` ("status" or
    "readiness"), with the legend of that colouring."""
    step = TILE_SIZE + TILE_GAP
    enum, symbols = (
        (Readiness, READINESS_SYMBOLS)
        if by == "readiness"
        else (ListStatus, STATUS_SYMBOLS)
    )
    labels = dict(enum.choices)
    shown = [
        {
            "tile": t,
            "x": t.col * step,
            "y": t.row * step,
            "key": getattr(t, by),
            "label": labels[getattr(t, by)],
            "symbol": symbols[getattr(t, by)],
            "by": by,
        }
        for t in tiles
    ]
    cols = max((t.col for t in tiles), default=0) + 1
    rows = max((t.row for t in tiles), default=0) + 1
    return DrawnTiles(
        shown=shown,
        width=cols * step,
        height=rows * step,
        legend=[(value, label, symbols[value]) for value, label in enum.choices],
    )


@lru_cache(maxsize=4096)
def _escaped(value: str) -> str:
    # Positions, colours, keys, labels and symbols repeat from tile to tile.
    return escape(value)


def svg_rows(shown: list[dict], *, url_of: Callable[[int], str]) -> list[tuple]:
    """Each tile's values for the map's template, in its order (url, name, code,
    label, key, colour class, x, y, centre x, label y, symbol y, short, symbol).

    Every value is escaped here by Django's `escape`, once per distinct value: the
    template takes them as escaped, rather than escaping 3,321 × 19 values again
    and localising the numbers (the map took five times as long).
    """
    half = TILE_SIZE // 2
    rows = []
    for t in shown:
        tile, x, y = t["tile"], int(t["x"]), int(t["y"])
        rows.append(
            (
                escape(url_of(tile.pk)),
                escape(tile.name),
                escape(tile.code),
                _escaped(str(t["label"])),
                _escaped(t["key"]),
                _escaped(f"{t['by']}-{t['key']}"),
                _escaped(str(x)),
                _escaped(str(y)),
                _escaped(str(x + half)),
                _escaped(str(y + 24)),
                _escaped(str(y + 46)),
                escape(tile.short),
                _escaped(t["symbol"]),
            )
        )
    return rows
