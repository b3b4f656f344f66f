"""A point's delegate list as .xlsx, in the template's layout so it imports back."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import translation
from openpyxl.styles import Alignment

from common.xlsx import set_cell, workbook_bytes
from conference.models import BridgePoint

from ..enums import Agency
from ..models import Delegate
from ..normalise import format_phone
from .columns import COLUMNS, capitalise
from .template import (
    BORDER,
    FIRST_DATA_ROW,
    TEXT_FORMAT,
    delegate_workbook,
    format_local_time,
)


def delegate_cells(delegate: Delegate, *, number: int) -> dict[str, object]:
    """Return the cells of one delegate's row, keyed by column, in the active language."""
    return {
        "index": number,
        "full_name": delegate.full_name,
        "position": delegate.position,
        "agency": capitalise(Agency(delegate.agency).label),
        "agency_other": delegate.agency_other
        if delegate.agency == Agency.OTHER
        else "",
        "phone": format_phone(delegate.phone),
        "email": delegate.email,
        "role": capitalise(delegate.get_role_display()),
    }


def export_file_name(point: BridgePoint) -> str:
    code = point.unit.code if point.unit_id else "diem-cau-chinh"
    return f"danh-sach-dai-bieu-{code}.xlsx"


def build_export(
    *, point: BridgePoint, delegates: Iterable[Delegate], now: datetime
) -> bytes:
    """Return the point's delegates as .xlsx bytes, in the order given.

    Every cell is a string cell through common.xlsx: a delegate named
    =HYPERLINK(...) is shown as text, never run.
    """
    delegates = list(delegates)
    subtitle = (
        f"{point.conference.short_title} · Tổng số {len(delegates)} đại biểu"
        f" · Xuất lúc {format_local_time(now)}"
    )
    workbook, sheet = delegate_workbook(point=point, subtitle=subtitle)
    keys = [column.key for column in COLUMNS]
    for offset, delegate in enumerate(delegates):
        row = FIRST_DATA_ROW + offset
        with translation.override("vi"):
            cells = delegate_cells(delegate, number=offset + 1)
        for index, key in enumerate(keys, start=1):
            cell = set_cell(sheet, row=row, column=index, value=cells[key])
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=key != "index")
            if key == "phone":
                cell.number_format = TEXT_FORMAT
    return workbook_bytes(workbook)
