"""How dates and names are written in an official document, and text fitted to a box."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fontTools.ttLib import TTFont

# As written inside a sentence ("08 giờ 00, thứ Ba, ngày 22 tháng 11 năm 2022").
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def _month(month: int) -> str:
    return f"{month:02d}" if month < 3 else str(month)


def date_words(day: date | None, *, blank_in: date | None = None) -> str:
    """ "ngày 22 tháng 11 năm 2022" (Decree 30: days 1-9 and months 1-2 get a 0).

    Without a date, the day is left blank to be written when the document is signed,
    in the month of `blank_in` if given: "ngày     tháng 11 năm 2022".
    """
    if day is None:
        if blank_in is None:
            return "ngày \u2003\u2003 tháng \u2003\u2003 năm \u2003\u2003"
        return f"ngày \u2003\u2003 tháng {_month(blank_in.month)} năm {blank_in.year}"
    return f"ngày {day.day:02d} tháng {_month(day.month)} năm {day.year}"


def place_date_line(place: str, day: date | None, *, blank_in=None) -> str:
    """ "Hà Nội, ngày 17 tháng 11 năm 2022"."""
    return f"{nfc(place)}, {date_words(day, blank_in=blank_in)}"


def time_words(moment: datetime) -> str:
    """ "08 giờ 00"."""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M}"


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def lower_first(text: str) -> str:
    """ "Tỉnh Bắc Ninh" → "tỉnh Bắc Ninh", as the name reads inside a sentence."""
    return text[:1].lower() + text[1:] if text else text


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
