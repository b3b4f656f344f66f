"""The shipped font's advance widths: how wide a line is, how many lines a text
takes in a column, the largest size at which lines fit a box.

Measured from the font files (`static/fonts/`) with fontTools, without WeasyPrint,
so the code can cut pages and size text before a document is laid out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

from common.text import nfc

# The shipped faces (static/fonts/), by weight and style.
FACE_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


@cache
def _metrics(font_file: str) -> tuple[dict[int, int], float]:
    font = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / font_file, lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[name][0] for code, name in cmap.items()}
    return widths, float(font["head"].unitsPerEm)


def text_width_em(text: str, *, bold: bool = True, italic: bool = False) -> float:
    """Width of one line in ems of the shipped serif (no kerning: a slight overestimate)."""
    widths, units = _metrics(FACE_FILES[bold, italic])
    fallback = widths.get(ord("M"), units)
    return sum(widths.get(ord(ch), fallback) for ch in nfc(text)) / units


def line_count(
    text: str, *, width_em: float, bold: bool = False, italic: bool = False
) -> int:
    """Lines `text` takes in a column `width_em` wide, wrapped at spaces, a word
    wider than the column broken anywhere (CSS `overflow-wrap: anywhere`).

    Never fewer than WeasyPrint's for the same text and width: advance widths
    without kerning are at least the set widths, and WeasyPrint may also break
    after a hyphen, which only saves lines. An empty text takes one line.
    """
    widths, units = _metrics(FACE_FILES[bold, italic])
    fallback = widths.get(ord("M"), units)
    limit = width_em * units
    space = widths.get(32, fallback)
    lines = 0
    for paragraph in nfc(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            advances = [widths.get(ord(ch), fallback) for ch in word]
            width = sum(advances)
            if used and used + space + width <= limit:
                used += space + width
                continue
            if used:
                lines += 1
                used = 0.0
            if width <= limit:
                used = width
                continue
            for advance in advances:  # broken anywhere
                if used and used + advance > limit:
                    lines += 1
                    used = 0.0
                used += advance
    return lines


def fit_font_size(
    lines: list[str], *, width: float, height: float, line_height: float, bold=True
) -> float:
    """The largest font size (in the unit of width/height) at which every line fits
    on one line of `width` and all of them within `height`."""
    if not lines:
        return height
    widest = max(text_width_em(line, bold=bold) for line in lines) or 1.0
    by_width = width / widest
    by_height = height / (len(lines) * line_height)
    return min(by_width, by_height)
