"""The blank delegate list a province fills in, and the layout the export shares.

Every cell is written by common.xlsx: a string cell, formula-neutralised.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.xlsx import set_cell, workbook_bytes
from conference.models import BridgePoint

from ..enums import Agency, DelegateRole
from .columns import (
    COLUMNS,
    GUIDE_LINES,
    GUIDE_TITLE,
    LISTS_TITLE,
    SHEET_TITLE,
    TITLE,
    capitalise,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
TEXT_FORMAT = "@"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


def column_letter(key: str) -> str:
    return get_column_letter([column.key for column in COLUMNS].index(key) + 1)


def agency_labels() -> list[str]:
    """The agencies as a Vietnamese reader sees them, in the plan's order."""
    with translation.override("vi"):
        return [capitalise(label) for label in Agency.labels]


def role_labels() -> list[str]:
    with translation.override("vi"):
        return [capitalise(label) for label in DelegateRole.labels]


def place_of(point: BridgePoint) -> str:
    return point.unit.full_name if point.unit_id else point.name


def format_local_time(moment: datetime) -> str:
    local = moment.astimezone(VN)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _list_formula(workbook: Workbook, column: int, labels: list[str]) -> str:
    inline = ",".join(labels)
    # Excel keeps an inline list to 255 characters and splits it on commas.
    if len(inline) <= 250 and not any("," in label or '"' in label for label in labels):
        return f'"{inline}"'
    if LISTS_TITLE in workbook.sheetnames:
        lists = workbook[LISTS_TITLE]
    else:
        lists = workbook.create_sheet(LISTS_TITLE)
        lists.sheet_state = "hidden"
    for row, label in enumerate(labels, start=1):
        set_cell(lists, row=row, column=column, value=label)
    letter = get_column_letter(column)
    return f"'{LISTS_TITLE}'!${letter}$1:${letter}${len(labels)}"


def _add_choice(
    workbook,
    sheet,
    *,
    key: str,
    labels: list[str],
    list_column: int,
    allow_blank: bool,
    error: str,
    last_row: int,
) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=_list_formula(workbook, list_column, labels),
        allow_blank=allow_blank,
        showDropDown=False,  # False shows the arrow: the attribute is inverted
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=error,
    )
    letter = column_letter(key)
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
    sheet.add_data_validation(validation)
    return validation


def delegate_workbook(*, point: BridgePoint, subtitle: str) -> tuple[Workbook, object]:
    """Return a workbook whose first sheet has the title, header, drop-downs and formats."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    last_column = get_column_letter(len(COLUMNS))
    set_cell(sheet, row=1, column=1, value=f"{TITLE} {place_of(point).upper()}")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A1:{last_column}1")
    set_cell(sheet, row=2, column=1, value=subtitle)
    sheet["A2"].font = Font(italic=True)
    sheet["A2"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.merge_cells(f"A2:{last_column}2")
    sheet.row_dimensions[1].height = 24
    sheet.row_dimensions[2].height = 30
    for index, column in enumerate(COLUMNS, start=1):
        cell = set_cell(sheet, row=HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # Text, so a number keeps its leading 0 when typed in.
    sheet.column_dimensions[column_letter("phone")].number_format = TEXT_FORMAT
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    last_row = FIRST_DATA_ROW + settings.DELEGATE_IMPORT_MAX_ROWS - 1
    agencies = agency_labels()
    _add_choice(
        workbook,
        sheet,
        key="agency",
        labels=agencies,
        list_column=1,
        allow_blank=False,
        error=(
            f"Chọn cơ quan trong danh sách. Cơ quan, đơn vị khác: chọn "
            f"“{agencies[-1]}” và ghi tên vào cột Tên cơ quan khác."
        ),
        last_row=last_row,
    )
    roles = role_labels()
    _add_choice(
        workbook,
        sheet,
        key="role",
        labels=roles,
        list_column=2,
        allow_blank=True,
        error=f"Chọn vai trò: {', '.join(roles)}.",
        last_row=last_row,
    )
    return workbook, sheet


def add_guide(workbook: Workbook, *, point: BridgePoint) -> None:
    guide = workbook.create_sheet(GUIDE_TITLE, index=1)
    guide.column_dimensions["A"].width = 110
    values = {
        "deadline": format_local_time(point.deadline),
        "conference": point.conference.short_title,
        "other": agency_labels()[-1],
    }
    for row, line in enumerate(GUIDE_LINES, start=1):
        cell = set_cell(guide, row=row, column=1, value=line.format(**values))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)


def build_template(*, point: BridgePoint) -> bytes:
    """Return the blank delegate list of a point as .xlsx bytes."""
    workbook, _sheet = delegate_workbook(
        point=point, subtitle=point.conference.short_title
    )
    add_guide(workbook, point=point)
    return workbook_bytes(workbook)
