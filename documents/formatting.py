"""How dates and names are written in an official document (Decree 30)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.text import slugify

from common.text import nfc

# As written inside a sentence ("08 giờ 00, thứ Ba, ngày 22 tháng 11 năm 2022").
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


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


def slug(text: str) -> str:
    """A file name's part from a name: "Bắc Ninh" → "bac-ninh"."""
    return slugify(nfc(text).replace("đ", "d").replace("Đ", "D"))


def lower_first(text: str) -> str:
    """ "Tỉnh Bắc Ninh" → "tỉnh Bắc Ninh", as the name reads inside a sentence."""
    return text[:1].lower() + text[1:] if text else text
