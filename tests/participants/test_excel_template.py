"""The blank template: header, drop-downs, text phone column, instructions."""

import io

import openpyxl
from django.utils import translation

from participants.enums import Agency, DelegateRole
from participants.excel.columns import fold_key
from participants.excel.reading import check_container, read_delegate_sheet
from participants.excel.template import build_template

from .test_excel_support import HEADER


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_template_has_title_header_and_guide_sheets(hue_point):
    workbook = load(build_template(point=hue_point))

    assert workbook.sheetnames[:2] == ["Danh sách đại biểu", "Hướng dẫn"]
    sheet = workbook["Danh sách đại biểu"]
    assert sheet["A1"].value == (
        "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TẠI ĐIỂM CẦU TỈNH THỪA THIÊN HUẾ"
    )
    assert "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == hue_point.conference.short_title
    assert [cell.value for cell in sheet[3]] == HEADER
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"


def test_template_widths_and_phone_column_as_text(hanoi_point):
    sheet = load(build_template(point=hanoi_point))["Danh sách đại biểu"]

    assert sheet.column_dimensions["F"].number_format == "@"
    # Widths in characters, as Excel shows them (XlsxWriter adds Excel's padding).
    assert [int(sheet.column_dimensions[c].width) for c in "ABCDEFGH"] == [
        6,
        28,
        30,
        34,
        30,
        18,
        30,
        14,
    ]


def _validation_for(sheet, column: str):
    (validation,) = [
        v
        for v in sheet.data_validations.dataValidation
        if str(v.sqref).startswith(column)
    ]
    return validation


def _list_values(workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    return [cell.value for (cell,) in sheet[cells.replace("$", "")]]


def test_template_agency_drop_down_lists_vietnamese_labels_in_plan_order(hanoi_point):
    workbook = load(build_template(point=hanoi_point))
    sheet = workbook["Danh sách đại biểu"]

    validation = _validation_for(sheet, "D")

    with translation.override("vi"):
        labels = [str(label) for label in Agency.labels]
    assert _list_values(workbook, validation.formula1) == [
        label[:1].upper() + label[1:] for label in labels
    ]
    assert labels[1] == "Sở Nội vụ"
    assert validation.type == "list"
    assert validation.showErrorMessage is True
    assert str(validation.sqref) == "D4:D5003"


def test_template_role_drop_down_lists_chair_attendee_guest(hanoi_point):
    workbook = load(build_template(point=hanoi_point))

    validation = _validation_for(workbook["Danh sách đại biểu"], "H")

    assert _list_values(workbook, validation.formula1) == [
        "Chủ trì",
        "Tham dự",
        "Khách mời",
    ]
    assert validation.allow_blank is True


def test_template_list_sheet_is_hidden_and_not_read_as_delegates(hanoi_point):
    data = build_template(point=hanoi_point)
    workbook = load(data)

    visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]

    assert visible == ["Danh sách đại biểu", "Hướng dẫn"]


def test_template_guide_has_rules_and_deadline_in_vietnam_time(hanoi_point):
    guide = load(build_template(point=hanoi_point))["Hướng dẫn"]

    text = "\n".join(str(row[0].value or "") for row in guide.iter_rows())

    assert "HƯỚNG DẪN ĐIỀN DANH SÁCH ĐẠI BIỂU" in text
    assert "đúng một người chủ trì" in text
    assert "0912 345 678" in text and "+84 912 345 678" in text
    assert "chọn “Cơ quan, đơn vị khác” và ghi tên cơ quan, đơn vị đó" in text
    # 20/11/2022 23:59 in Hà Nội, stored as 16:59 UTC.
    assert "Hạn gửi danh sách đại biểu của điểm cầu: 23:59 ngày 20/11/2022" in text
    assert hanoi_point.conference.short_title in text


def test_template_header_is_what_the_reader_matches(hanoi_point):
    data = build_template(point=hanoi_point)
    sheet = load(data)["Danh sách đại biểu"]
    sheet.append([1, "Nguyễn Văn A", "", "Sở Nội vụ", "", "", "", "Chủ trì"])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)

    check_container(buffer.getvalue(), file_name="mau.xlsx")
    read = read_delegate_sheet(buffer.getvalue(), file_name="mau.xlsx", max_rows=10)

    assert read.header_row == 3
    assert set(read.columns) == {
        "index",
        "full_name",
        "position",
        "agency",
        "agency_other",
        "phone",
        "email",
        "role",
    }
    assert [row.number for row in read.rows] == [4]


def test_role_labels_fold_to_distinct_keys():
    with translation.override("vi"):
        keys = {fold_key(label) for label in DelegateRole.labels}

    assert keys == {"chutri", "thamdu", "khachmoi"}


def test_guide_says_trang_tinh_not_sheet(hue_point):
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(point=hue_point)))
    guide = "\n".join(
        str(cell.value) for row in workbook["Hướng dẫn"].iter_rows() for cell in row
    )
    assert "Mỗi dòng của trang tính “Danh sách đại biểu”" in guide
    assert "sheet" not in guide.lower()
