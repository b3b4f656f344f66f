"""The export: the list in plan order, readable phones, and it imports back unchanged."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone, translation

from participants import imports
from participants.enums import Agency, DelegateRole
from participants.excel.columns import capitalise
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

    with translation.override("vi"):
        label = {a.value: capitalise(a.label) for a in Agency}
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            "1",
            "Đỗ Thu Trang",
            "Chuyên viên",
            label["ubnd_office"],
            None,
            "0904 111 222",
            "trang@vpubnd.vn",
            "Tham dự",
        ],
        [
            "2",
            "Phạm Quốc Hưng",
            "Giám đốc",
            label["home_affairs"],
            None,
            "0983 456 789",
            "hung@snv.vn",
            "Chủ trì",
        ],
        [
            "3",
            "Ngô Văn An",
            "Chuyên viên",
            label["home_affairs"],
            None,
            "024 3824 1234",
            "an@snv.vn",
            "Tham dự",
        ],
        [
            "4",
            "Trần Văn Bình",
            "Phó Giám đốc",
            label["justice"],
            None,
            "0912 000 001",
            "binh@stp.vn",
            "Tham dự",
        ],
        [
            "5",
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

    delegate_import = imports.stage_import(
        point=hanoi_point,
        upload=upload(data, "danh-sach-dai-bieu-01.xlsx"),
        file_name="danh-sach-dai-bieu-01.xlsx",
        mode=DelegateImport.Mode.REPLACE,
        by=hanoi_staff,
        now=timezone.now(),
    )
    assert delegate_import.errors == {"file": [], "rows": {}}
    imports.apply_import(
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

    delegate_import = imports.stage_import(
        point=hanoi_point,
        upload=upload(data),
        file_name="ds.xlsx",
        mode=DelegateImport.Mode.APPEND,
        by=hanoi_staff,
        now=timezone.now(),
    )

    # Every row with a phone or an e-mail repeats someone; row 5 repeats the chair.
    assert sorted(delegate_import.row_errors, key=int) == ["4", "5", "6", "7"]
