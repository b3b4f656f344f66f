"""The backdrop's layout: where the conference title breaks, and the page, margins and
font sizes that make every line as large as its size allows.

A backdrop is read from the back of a hall, so it is set in large type across the
whole width: the organiser at the top, "HỘI NGHỊ TRỰC TUYẾN", the title in two or
three lines, then the point ("ĐIỂM CẦU TỈNH BẮC NINH") and the place and date. The
title breaks only between phrases (`phrase_breaks`), never inside one ("XÁC / ĐỊNH"),
and each line is its own block that never wraps. The sizes are computed from the
shipped font's advance widths (`common.pdf.fonts`), so a line always fits its box.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from common.pdf import fonts
from common.text import nfc

# Words a new phrase starts with in an official title: a line may break before them.
# Also "GIAI ĐOẠN" (the two words, not "GIAI CẤP") and "NĂM" before a year ("NĂM
# 2022", not "5 NĂM").
PHRASE_STARTS = ("VÀ", "CỦA", "VỀ", "TẠI", "THEO")
# A line may break after these (a comma, a closing quote) and before an opening one.
ENDS_A_PHRASE = (",", ";", ":", "”", ")", "»")
OPENS_A_PHRASE = ("“", "(", "«")

# The page's margins: the safe area a stage's frame or a screen's edge never hides.
SIDE_MARGIN = 0.04  # of the width
TOP_BOTTOM_MARGIN = 0.06  # of the height
LINE_HEIGHT = 1.2
# Every line's font size as a multiple of the title's, largest first when the
# height allows it; and the spaces between the groups, in the title's size.
ORGANISER, HEADING, POINT, DATE = 0.75, 1.3, 0.95, 0.7
GAP_AFTER_ORGANISER, GAP_AFTER_HEADING, GAP_AFTER_TITLE, GAP_AFTER_POINT = (
    0.5,
    0.35,
    0.6,
    0.15,
)
# Where the height leaves room, the other lines grow up to this many times their
# share (the title stays as wide as the page).
MAX_GROW = 1.5
FIT = 0.98  # of the width: kerning and rounding
SLACK = 0.98  # of the height: rounding to 0.1 mm never pushes a line off the page
# The organiser's rule: its padding and width (in the organiser's size).
ORGANISER_RULE = 0.16


def _word_key(word: str) -> str:
    return word.strip("“”\"'(),;:«»").upper()


def phrase_breaks(words: list[str]) -> list[int]:
    """The indexes of the words a line may start with: after a comma or a closing
    quote, before an opening quote, before a word that starts a phrase."""
    breaks = []
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        key = _word_key(word)
        starts = (
            before.endswith(ENDS_A_PHRASE)
            or word.startswith(OPENS_A_PHRASE)
            or key in PHRASE_STARTS
            or (key == "GIAI" and _word_key(following) == "ĐOẠN")
            or (key == "NĂM" and following[:1].isdigit())
        )
        if starts:
            breaks.append(i)
    return breaks


def _width(line: str) -> float:
    return fonts.text_width_em(line, bold=True)


def break_title(title: str, *, lines: int) -> list[str]:
    """`title` in at most `lines` lines broken only between phrases, the widest as
    narrow as can be (then the most even). A title without a phrase boundary breaks
    between words rather than print one tiny line."""
    words = nfc(title).split()
    breaks = phrase_breaks(words) or list(range(1, len(words)))
    count = max(1, min(lines, len(breaks) + 1))
    best: tuple[tuple[float, float], list[str]] | None = None
    for cut in itertools.combinations(breaks, count - 1):
        bounds = (0, *cut, len(words))
        candidate = [
            " ".join(words[a:b]) for a, b in itertools.pairwise(bounds) if a < b
        ]
        widths = [_width(x) for x in candidate]
        mean = sum(widths) / len(widths)
        score = (max(widths), sum((w - mean) ** 2 for w in widths))
        if best is None or score < best[0]:
            best = (score, candidate)
    return best[1] if best else []


@dataclass(frozen=True)
class Layout:
    """The title's lines and the stylesheet of a backdrop's page and sizes."""

    lines: list[str]
    css: str


def layout(data: dict) -> Layout:
    """The title's lines (two or three, whichever gives the larger type) and the
    stylesheet of the page, its margins and the font sizes, from `data`
    (`documents.selectors.backdrop_data`)."""
    width, height = data["width_mm"], data["height_mm"]
    inner_w = width * (1 - 2 * SIDE_MARGIN) * FIT
    inner_h = height * (1 - 2 * TOP_BOTTOM_MARGIN) * SLACK
    best: tuple[float, list[str]] | None = None
    for count in (2, 3):
        lines = break_title(data["title"], lines=count)
        size = _title_size(lines, data, inner_w=inner_w, inner_h=inner_h)
        if best is None or size > best[0] * 1.001:
            best = (size, lines)
    assert best is not None
    title, lines = best
    grow = _grow(title, len(lines), data, inner_w=inner_w, inner_h=inner_h)
    sizes = _sizes(title, data, inner_w=inner_w, grow=grow)
    used = _stack_height(title, len(lines), sizes)
    # What the height leaves over goes in four equal parts: above the organiser,
    # after it, after the title and below the date: the title in the middle, the
    # point and date at the foot, as a stage's backdrop is laid out.
    spare = max(inner_h - used, 0) / 4
    css = (
        f"@page backdrop {{ size: {width}mm {height}mm; "
        f"margin: {height * TOP_BOTTOM_MARGIN:.1f}mm {width * SIDE_MARGIN:.1f}mm; }}\n"
        f".backdrop-organiser {{ font-size: {sizes['organiser']:.1f}mm; "
        f"margin-top: {spare:.1f}mm; "
        f"padding-bottom: {ORGANISER_RULE / 2:g}em; "
        f"border-bottom: {ORGANISER_RULE / 2:g}em solid #ffd54a; "
        f"margin-bottom: {GAP_AFTER_ORGANISER * title + spare:.1f}mm; }}\n"
        f".backdrop-heading {{ font-size: {sizes['heading']:.1f}mm; "
        f"margin-bottom: {GAP_AFTER_HEADING * title:.1f}mm; }}\n"
        f".backdrop-title {{ font-size: {title:.1f}mm; "
        f"margin-bottom: {GAP_AFTER_TITLE * title + spare:.1f}mm; }}\n"
        f".backdrop-point {{ font-size: {sizes['point']:.1f}mm; "
        f"margin-bottom: {GAP_AFTER_POINT * title:.1f}mm; }}\n"
        f".backdrop-date {{ font-size: {sizes['date']:.1f}mm; }}\n"
        f".backdrop div {{ line-height: {LINE_HEIGHT}; }}\n"
    )
    return Layout(lines=lines, css=css)


def _sizes(
    title: float, data: dict, *, inner_w: float, grow: float = 1.0
) -> dict[str, float]:
    """Each line's size: its share of the title's (times `grow`, where the height
    leaves room), less if its text is too wide."""

    def fit(text: str, ratio: float, **face) -> float:
        widest = fonts.text_width_em(text, **face) or 1.0
        return min(ratio * grow * title, inner_w / widest)

    return {
        "organiser": fit(data["organiser"], ORGANISER),
        "heading": fit(data["heading"], HEADING),
        "point": fit(data["point_line"], POINT),
        "date": fit(data["date_line"], DATE, bold=False, italic=True),
    }


def _stack_height(title: float, lines: int, sizes: dict[str, float]) -> float:
    text = (sum(sizes.values()) + lines * title) * LINE_HEIGHT
    text += sizes["organiser"] * ORGANISER_RULE
    gaps = (
        GAP_AFTER_ORGANISER + GAP_AFTER_HEADING + GAP_AFTER_TITLE + GAP_AFTER_POINT
    ) * title
    return text + gaps


def _grow(
    title: float, lines: int, data: dict, *, inner_w: float, inner_h: float
) -> float:
    """How much larger than their shares the other lines may be where the title is
    bound by the width (a 16:9 screen): up to `MAX_GROW`, as the height allows."""
    low, high = 1.0, MAX_GROW
    for _ in range(20):
        middle = (low + high) / 2
        sizes = _sizes(title, data, inner_w=inner_w, grow=middle)
        if _stack_height(title, lines, sizes) <= inner_h:
            low = middle
        else:
            high = middle
    return low


def _title_size(
    lines: list[str], data: dict, *, inner_w: float, inner_h: float
) -> float:
    """The largest title size at which its lines fit the width and the whole stack
    (the other lines at their shares of it) the height."""
    by_width = inner_w / max(_width(x) for x in lines)
    # The stack's height grows with the title's size (the shares of the others
    # shrink only for width): the largest size whose stack fits, by halving.
    low, high = 0.0, by_width
    if _stack_height(high, len(lines), _sizes(high, data, inner_w=inner_w)) <= inner_h:
        return high
    for _ in range(30):
        middle = (low + high) / 2
        sizes = _sizes(middle, data, inner_w=inner_w)
        if _stack_height(middle, len(lines), sizes) <= inner_h:
            low = middle
        else:
            high = middle
    return low
