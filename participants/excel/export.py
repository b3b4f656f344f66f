"""A point's delegate list as .xlsx, in the template's layout so it imports back."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import translation

from conference.models import BridgePoint

from ..enums import Agency, agency_labels, role_labels
from ..models import Delegate
from ..normalise import format_phone
from .columns import COLUMNS
from .template import (
    CELL_STYLE,
    FIRST_DATA_ROW,
    TEXT_FORMAT,
    delegate_workbook,
    format_local_time,
)


def delegate_cells(
    delegate: Delegate, *, number: int, agencies: dict[str, str], roles: dict[str, str]
) -> dict[str, object]:
    """Return the cells of one delegate's row, keyed by column, with the labels of
    `agency_labels` and `role_labels`."""
    return {
        "index": number,
        "full_name": delegate.full_name,
        "position": delegate.position,
        "agency": agencies.get(delegate.agency, delegate.agency),
        "agency_other": delegate.agency_other
        if delegate.agency == Agency.OTHER
        else "",
        "phone": format_phone(delegate.phone),
        "email": delegate.email,
        "role": roles.get(delegate.role, delegate.role),
    }


def export_file_name(point: BridgePoint) -> str:
    code = point.unit.code if point.unit_id else "diem-cau-chinh"
    return f"danh-sach-dai-bieu-{code}.xlsx"


def build_export(
    *, point: BridgePoint, delegates: Iterable[Delegate], now: datetime
) -> bytes:
    """Return the point's delegates as .xlsx bytes, in the order given.

    Every cell is a text cell written by common.xlsx: a delegate named
    =HYPERLINK(...) is shown as that text, quote-prefixed, never run.
    """
    delegates = list(delegates)
    subtitle = (
        f"{point.conference.short_title} · Tổng số {len(delegates)} đại biểu"
        f" · Xuất lúc {format_local_time(now)}"
    )
    workbook = delegate_workbook(point=point, subtitle=subtitle)
    book, sheet = workbook.book, workbook.sheet
    styles = {
        "index": book.style(**CELL_STYLE),
        "phone": book.style(**CELL_STYLE, text_wrap=True, num_format=TEXT_FORMAT),
    }
    wrapped = book.style(**CELL_STYLE, text_wrap=True)
    keys = [column.key for column in COLUMNS]
    with translation.override("vi"):
        agencies, roles = agency_labels(), role_labels()
    for offset, delegate in enumerate(delegates):
        cells = delegate_cells(
            delegate, number=offset + 1, agencies=agencies, roles=roles
        )
        for index, key in enumerate(keys, start=1):
            book.write(
                sheet,
                row=FIRST_DATA_ROW + offset,
                column=index,
                value=cells[key],
                style=styles.get(key, wrapped),
            )
    return book.content()
