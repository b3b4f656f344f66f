"""The blank delegate list a province fills in, and the layout the export shares.

Every cell is written by common.xlsx: a text cell, formula-like text quote-prefixed.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from common.xlsx import Workbook
from conference.models import BridgePoint

from .columns import (
    COLUMNS,
    GUIDE_LINES,
    GUIDE_TITLE,
    LISTS_TITLE,
    SHEET_TITLE,
    TITLE,
    sheet_agency_labels,
    sheet_role_labels,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
TEXT_FORMAT = "@"
CELL_STYLE = {"border": 1, "border_color": "#808080", "valign": "top"}
HEADER_STYLE = {
    **CELL_STYLE,
    "bold": True,
    "bg_color": "#D9E2F3",
    "pattern": 1,
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}


def column_letter(key: str) -> str:
    return xl_col_to_name([column.key for column in COLUMNS].index(key))


def place_of(point: BridgePoint) -> str:
    return point.unit.full_name if point.unit_id else point.name


def format_local_time(moment: datetime) -> str:
    local = moment.astimezone(VN)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _inline_list(labels: list[str]) -> bool:
    # Excel keeps an inline list to 255 characters and splits it on commas.
    inline = ",".join(labels)
    return len(inline) <= 250 and not any("," in x or '"' in x for x in labels)


@dataclass
class DelegateWorkbook:
    book: Workbook
    sheet: Worksheet
    guide: Worksheet | None


def _add_choice(
    sheet: Worksheet,
    *,
    key: str,
    labels: list[str],
    list_column: int | None,
    allow_blank: bool,
    error: str,
    last_row: int,
) -> None:
    if list_column is None:
        source: str | list[str] = labels
    else:
        letter = xl_col_to_name(list_column - 1)
        source = f"='{LISTS_TITLE}'!${letter}$1:${letter}${len(labels)}"
    letter = column_letter(key)
    sheet.data_validation(
        f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}",
        {
            "validate": "list",
            "source": source,
            "ignore_blank": allow_blank,
            "show_error": True,
            "error_title": "Giá trị không hợp lệ",
            "error_message": error,
        },
    )


def delegate_workbook(
    *, point: BridgePoint, subtitle: str, guide: bool = False
) -> DelegateWorkbook:
    """Return a workbook whose first sheet has the title, header, drop-downs and
    formats; a guide sheet after it when asked; the drop-downs' lists after that."""
    book = Workbook()
    sheet = book.add_sheet(SHEET_TITLE)
    guide_sheet = book.add_sheet(GUIDE_TITLE) if guide else None
    last_column = xl_col_to_name(len(COLUMNS) - 1)
    book.merge(
        sheet,
        f"A1:{last_column}1",
        f"{TITLE} {place_of(point).upper()}",
        book.style(bold=True, font_size=14, align="center", valign="vcenter"),
    )
    book.merge(
        sheet,
        f"A2:{last_column}2",
        subtitle,
        book.style(italic=True, align="center", text_wrap=True),
    )
    sheet.set_row(0, 24)
    sheet.set_row(1, 30)
    book.write_row(
        sheet,
        row=HEADER_ROW,
        values=[column.header for column in COLUMNS],
        style=book.style(**HEADER_STYLE),
    )
    # Text, so a number keeps its leading 0 when typed in.
    text_column = book.style(num_format=TEXT_FORMAT).plain
    for index, column in enumerate(COLUMNS):
        sheet.set_column(
            index,
            index,
            column.width,
            text_column if column.key == "phone" else None,
        )
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 0)
    sheet.repeat_rows(HEADER_ROW - 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    last_row = FIRST_DATA_ROW + settings.DELEGATE_IMPORT_MAX_ROWS - 1
    agencies, roles = sheet_agency_labels(), sheet_role_labels()
    in_lists = [labels for labels in (agencies, roles) if not _inline_list(labels)]
    if in_lists:
        lists = book.add_sheet(LISTS_TITLE)
        lists.hide()
        for column, labels in enumerate(in_lists, start=1):
            for row, label in enumerate(labels, start=1):
                book.write(lists, row=row, column=column, value=label)
    _add_choice(
        sheet,
        key="agency",
        labels=agencies,
        list_column=in_lists.index(agencies) + 1 if agencies in in_lists else None,
        allow_blank=False,
        error=(
            f"Chọn cơ quan trong danh sách. Cơ quan, đơn vị khác: chọn "
            f"“{agencies[-1]}” và ghi tên vào cột Tên cơ quan khác."
        ),
        last_row=last_row,
    )
    _add_choice(
        sheet,
        key="role",
        labels=roles,
        list_column=in_lists.index(roles) + 1 if roles in in_lists else None,
        allow_blank=True,
        error=f"Chọn vai trò: {', '.join(roles)}.",
        last_row=last_row,
    )
    return DelegateWorkbook(book=book, sheet=sheet, guide=guide_sheet)


def _write_guide(delegates: DelegateWorkbook, *, point: BridgePoint) -> None:
    book, guide = delegates.book, delegates.guide
    guide.set_column(0, 0, 110)
    values = {
        "deadline": format_local_time(point.delegate_list.deadline),
        "conference": point.conference.short_title,
        "other": sheet_agency_labels()[-1],
    }
    wrapped = book.style(text_wrap=True, valign="top")
    title = book.style(text_wrap=True, valign="top", bold=True, font_size=13)
    for row, line in enumerate(GUIDE_LINES, start=1):
        book.write(
            guide,
            row=row,
            column=1,
            value=line.format(**values),
            style=title if row == 1 else wrapped,
        )


def build_template(*, point: BridgePoint) -> bytes:
    """Return the blank delegate list of a point as .xlsx bytes."""
    delegates = delegate_workbook(
        point=point, subtitle=point.conference.short_title, guide=True
    )
    _write_guide(delegates, point=point)
    return delegates.book.content()
