"""The tile map of a conference's points: positions are data, one file per unit set.

`dashboard/data/tilemaps/<unit set code>.yaml` places each unit's tile (col, row,
short label). A unit set without a file, or a unit the file does not place, falls
back to a grid grouped by region, one block of columns per region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

import yaml
from django.utils.safestring import mark_safe

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


_TILE_SVG = (
    '<a href="{url}"><title>{name} ({code}): {label}</title>'
    '<g data-code="{code}" data-key="{key}">'
    '<rect class="tile tile-{by}-{key}" x="{x}" y="{y}" width="{size}" '
    'height="{size}" rx="6"/>'
    '<text class="tile-short tile-text-{by}-{key}" x="{cx}" y="{y1}" '
    'text-anchor="middle">{short}</text>'
    '<text class="tile-symbol tile-text-{by}-{key}" x="{cx}" y="{y2}" '
    'text-anchor="middle">{symbol}</text></g></a>'
)


def svg_tiles(shown: list[dict], *, url_of_point: str) -> str:
    """The tiles' SVG markup, built here rather than by the template engine.

    3,321 tiles through `{% for %}` and `{% url %}` take seconds; this takes
    milliseconds. `url_of_point` is a URL with "{pk}" in place of the point's id.
    Every text is escaped (the numbers are ints); labels once per status.
    """
    half = TILE_SIZE // 2
    labels: dict[str, str] = {}
    parts = []
    for t in shown:
        tile = t["tile"]
        key = t["key"]
        if key not in labels:
            labels[key] = escape(str(t["label"]))
        parts.append(
            _TILE_SVG.format(
                url=escape(url_of_point.replace("{pk}", str(int(tile.pk)))),
                name=escape(tile.name),
                code=escape(tile.code),
                label=labels[key],
                key=escape(key),
                by=escape(t["by"]),
                x=int(t["x"]),
                y=int(t["y"]),
                size=TILE_SIZE,
                cx=int(t["x"]) + half,
                y1=int(t["y"]) + 24,
                y2=int(t["y"]) + 46,
                short=escape(tile.short),
                symbol=escape(t["symbol"]),
            )
        )
    return mark_safe("\n".join(parts))  # every part escaped above
