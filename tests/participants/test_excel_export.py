"""The export: the list in plan order, readable phones, and it imports back unchanged."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone

from participants.enums import Agency, DelegateRole
from participants.excel import applying
from participants.excel.export import build_export, export_file_name
from participants.models import Delegate, DelegateImport
from participants.selectors import delegates_in_plan_order
from tests import factories

from .test_excel_support import HEADER, upload

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = ("full_name", "position", "agency", "agency_other", "phone", "email", "role")


@pytest.fixture
def hanoi_list(hanoi_point):
    make = factories.DelegateFactory
    return [
        make(
            point=hanoi_point,
            full_name="Trần Văn Bình",
            agency=Agency.JUSTICE,
            phone="+84912000001",
            email="binh@stp.vn",
            position="Phó Giám đốc",
        ),
        make(
            point=hanoi_point,
            full_name="Lê Thị Cúc",
            agency=Agency.OTHER,
            agency_other="Ban Dân tộc",
            phone="",
            email="",
            role=DelegateRole.GUEST,
            position="",
        ),
        make(
            point=hanoi_point,
            full_name="Ngô Văn An",
            agency=Agency.HOME_AFFAIRS,
            phone="+842438241234",
            email="an@snv.vn",
            position="Chuyên viên",
        ),
        make(
            point=hanoi_point,
            full_name="Phạm Quốc Hưng",
            agency=Agency.HOME_AFFAIRS,
            role=DelegateRole.CHAIR,
            phone="+84983456789",
            email="hung@snv.vn",
            position="Giám đốc",
        ),
        make(
            point=hanoi_point,
            full_name="Đỗ Thu Trang",
            agency=Agency.PEOPLES_COMMITTEE_OFFICE,
            phone="+84904111222",
            email="trang@vpubnd.vn",
            position="Chuyên viên",
        ),
    ]


def export_rows(point) -> list[list]:
    data = build_export(
        point=point,
        delegates=delegates_in_plan_order(point=point),
        now=datetime(2022, 11, 19, 15, 30, tzinfo=VN),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Danh sách đại biểu"]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]


def test_export_lists_delegates_in_plan_order_with_readable_phones(
    hanoi_point, hanoi_list
):
    rows = export_rows(hanoi_point)

    label = {
        "ubnd_office": "Văn phòng UBND tỉnh",
        "home_affairs": "Sở Nội vụ",
        "justice": "Sở Tư pháp",
        "other": "Cơ quan, đơn vị khác",
    }
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            1,
            "Đỗ Thu Trang",
            "Chuyên viên",
            label["ubnd_office"],
            None,
            "0904 111 222",
            "trang@vpubnd.vn",
            "Tham dự",
        ],
        [
            2,
            "Phạm Quốc Hưng",
            "Giám đốc",
            label["home_affairs"],
            None,
            "0983 456 789",
            "hung@snv.vn",
            "Chủ trì",
        ],
        [
            3,
            "Ngô Văn An",
            "Chuyên viên",
            label["home_affairs"],
            None,
            "024 3824 1234",
            "an@snv.vn",
            "Tham dự",
        ],
        [
            4,
            "Trần Văn Bình",
            "Phó Giám đốc",
            label["justice"],
            None,
            "0912 000 001",
            "binh@stp.vn",
            "Tham dự",
        ],
        [
            5,
            "Lê Thị Cúc",
            None,
            label["other"],
            "Ban Dân tộc",
            None,
            None,
            "Khách mời",
        ],
    ]


def test_export_phone_cells_are_text_and_title_counts_delegates(
    hanoi_point, hanoi_list
):
    data = build_export(
        point=hanoi_point,
        delegates=delegates_in_plan_order(point=hanoi_point),
        now=datetime(2022, 11, 19, 15, 30, tzinfo=VN),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Danh sách đại biểu"]

    assert sheet["F4"].number_format == "@"
    assert sheet["A2"].value == (
        f"{hanoi_point.conference.short_title} · Tổng số 5 đại biểu · Xuất lúc 15:30 "
        "ngày 19/11/2022"
    )


def test_export_file_name_has_the_province_code(hanoi_point, main_point):
    assert export_file_name(hanoi_point) == "danh-sach-dai-bieu-01.xlsx"
    assert export_file_name(main_point) == "danh-sach-dai-bieu-diem-cau-chinh.xlsx"


def test_export_imports_back_unchanged(
    open_conference, hanoi_point, hanoi_list, hanoi_staff
):
    hanoi_point.refresh_from_db()
    before = sorted(Delegate.objects.filter(point=hanoi_point).values_list(*FIELDS))
    data = build_export(
        point=hanoi_point,
        delegates=delegates_in_plan_order(point=hanoi_point),
        now=timezone.now(),
    )

    delegate_import = applying.stage_import(
        point=hanoi_point,
        upload=upload(data, "danh-sach-dai-bieu-01.xlsx"),
        file_name="danh-sach-dai-bieu-01.xlsx",
        mode=DelegateImport.Mode.REPLACE,
        by=hanoi_staff,
        now=timezone.now(),
    )
    assert delegate_import.errors == {"file": [], "rows": {}}
    applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    after = sorted(Delegate.objects.filter(point=hanoi_point).values_list(*FIELDS))
    assert after == before
    assert not Delegate.objects.filter(pk__in=[d.pk for d in hanoi_list]).exists()


def test_export_into_append_mode_finds_every_row_duplicate(
    open_conference, hanoi_point, hanoi_list, hanoi_staff
):
    data = build_export(
        point=hanoi_point,
        delegates=delegates_in_plan_order(point=hanoi_point),
        now=timezone.now(),
    )

    delegate_import = applying.stage_import(
        point=hanoi_point,
        upload=upload(data),
        file_name="ds.xlsx",
        mode=DelegateImport.Mode.APPEND,
        by=hanoi_staff,
        now=timezone.now(),
    )

    # Every row with a phone or an e-mail repeats someone; row 5 repeats the chair.
    assert sorted(delegate_import.row_errors, key=int) == ["4", "5", "6", "7"]


# Issue #16 (16): formula-like text is kept safe without a visible quote.
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def formula_like_list(hanoi_point):
    make = factories.DelegateFactory
    return [
        make(
            point=hanoi_point,
            full_name=HYPERLINK,
            position="+1",
            agency=Agency.HOME_AFFAIRS,
            role=DelegateRole.CHAIR,
            phone="+84912000001",
            email="=1+1@evil.vn",
        ),
        make(
            point=hanoi_point,
            full_name="-2",
            position="@SUM(A1)",
            agency=Agency.OTHER,
            agency_other="=Ban Dân tộc",
            phone="+6591234567",  # exported as "+65 9123 4567"
            email="",
        ),
        # Stored before the text rule: the form would have trimmed the tab.
        make(
            point=hanoi_point,
            full_name="\t=1+1 Nguyễn Văn Tab",
            position="\t@Trưởng phòng",
            agency=Agency.JUSTICE,
            phone="",
            email="tab@stp.vn",
        ),
    ]


def test_export_writes_formula_like_text_as_quote_prefixed_text_cells(
    hanoi_point, formula_like_list
):
    from tests.common.test_xlsx import written_cells

    data = build_export(
        point=hanoi_point,
        delegates=delegates_in_plan_order(point=hanoi_point),
        now=timezone.now(),
    )

    cells = written_cells(data)  # fails on any <f> element
    formula_like = {
        text: quoted
        for kind, quoted, text in cells.values()
        if text and text.startswith(("=", "+", "-", "@", "\t"))
    }
    assert formula_like == {
        HYPERLINK: True,
        "+1": True,
        "=1+1@evil.vn": True,
        "-2": True,
        "@SUM(A1)": True,
        "=Ban Dân tộc": True,
        "+65 9123 4567": True,
        "\t=1+1 Nguyễn Văn Tab": True,
        "\t@Trưởng phòng": True,
    }
    # Every typed value is a text cell; only the row numbers are numbers.
    assert {kind for kind, _quoted, text in cells.values() if text} == {"s", None}
    assert all(
        text.isdigit()
        for kind, _quoted, text in cells.values()
        if kind is None and text
    )
    plain = [text for _kind, quoted, text in cells.values() if text and not quoted]
    assert "Sở Nội vụ" in plain and "Chủ trì" in plain
    assert not [text for text in plain if text.startswith("'")]


def test_export_of_formula_like_text_imports_back_as_the_same_values(
    open_conference, hanoi_point, formula_like_list, hanoi_staff
):
    data = build_export(
        point=hanoi_point,
        delegates=delegates_in_plan_order(point=hanoi_point),
        now=timezone.now(),
    )

    delegate_import = applying.stage_import(
        point=hanoi_point,
        upload=upload(data, "danh-sach-dai-bieu-01.xlsx"),
        file_name="danh-sach-dai-bieu-01.xlsx",
        mode=DelegateImport.Mode.REPLACE,
        by=hanoi_staff,
        now=timezone.now(),
    )
    assert delegate_import.errors == {"file": [], "rows": {}}
    applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    after = sorted(Delegate.objects.filter(point=hanoi_point).values_list(*FIELDS))
    assert after == sorted(
        [
            (
                HYPERLINK,
                "+1",
                Agency.HOME_AFFAIRS,
                "",
                "+84912000001",
                "=1+1@evil.vn",
                DelegateRole.CHAIR,
            ),
            (
                "-2",
                "@SUM(A1)",
                Agency.OTHER,
                "=Ban Dân tộc",
                "+6591234567",
                "",
                "attendee",
            ),
            # The tab trimmed, as the form and the import store every text.
            (
                "=1+1 Nguyễn Văn Tab",
                "@Trưởng phòng",
                Agency.JUSTICE,
                "",
                "",
                "tab@stp.vn",
                DelegateRole.ATTENDEE,
            ),
        ]
    )
    assert not Delegate.objects.filter(
        pk__in=[d.pk for d in formula_like_list]
    ).exists()
