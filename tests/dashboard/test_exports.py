import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboard import exports
from participants.enums import ListStatus
from participants.models import DelegateList
from tests import factories
from tests.dashboard.conftest import EVIL

pytestmark = pytest.mark.django_db


def hanoi_name(conference):
    return conference.points.get(unit__code="01").name


def _workbook(client, conference):
    response = client.get(reverse("dashboard:export_xlsx", args=[conference.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="dai-bieu-{conference.slug}-'
    )
    return load_workbook(io.BytesIO(response.content))


def test_xlsx_has_a_summary_and_one_sheet_per_point(two_points, organiser_client):
    book = _workbook(organiser_client, two_points)
    assert book.sheetnames == [
        "Tất cả đại biểu",
        "Tổng hợp",
        "01 Hà Nội",
        "46 Thừa Thiên Huế",
    ]
    summary = book["Tổng hợp"]
    header = [c.value for c in summary[1]]
    assert header[:5] == ["Mã", "Điểm cầu", "Vùng", "Người chủ trì", "Đại biểu"]
    assert header[-4:] == [
        "Trạng thái danh sách",
        "Sẵn sàng kết nối",
        "Gửi lúc",
        "Thay đổi gần nhất",
    ]
    first = [c.value for c in summary[2]]
    assert first[:5] == ["01", hanoi_name(two_points), None, "Nguyễn Văn Chủ Trì", 2]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == "A1:O3"
    hanoi = book["01 Hà Nội"]
    assert [c.value for c in hanoi[1]] == [
        "STT",
        "Điểm cầu",
        "Họ và tên",
        "Chức vụ",
        "Cơ quan",
        "Điện thoại",
        "Email",
        "Vai trò",
    ]
    rows = [[c.value for c in row] for row in hanoi.iter_rows(min_row=2)]
    assert rows[0][2:] == [
        "Nguyễn Văn Chủ Trì",
        "Giám đốc Sở Nội vụ",
        "Sở Nội vụ",
        "0912 345 678",
        rows[0][6],
        "Chủ trì",
    ]
    # Formula injection neutralised in every column: the text as it was, in a
    # quote-prefixed text cell; every cell is text.
    assert rows[1][2:5] == [EVIL, "+1 chuyên viên", "@Ban Dân tộc"]
    assert [c.quotePrefix for c in hanoi[3][2:5]] == [True, True, True]
    assert [c.quotePrefix for c in hanoi[2][2:5]] == [False, False, False]
    assert all(
        c.data_type == "s" for row in hanoi.iter_rows() for c in row[1:] if c.value
    )
    assert [row[0].value for row in hanoi.iter_rows(min_row=2)] == [1, 2]
    assert hanoi.freeze_panes == "A2"
    assert hanoi.auto_filter.ref == "A1:H3"
    # XlsxWriter stores a width of 28 characters as Excel does: 28 plus padding.
    assert int(hanoi.column_dimensions["C"].width) == 28


def test_xlsx_beyond_the_sheet_limit_is_one_long_sheet(
    two_points, organiser_client, monkeypatch
):
    monkeypatch.setattr(exports, "SHEET_PER_POINT_LIMIT", 1)
    book = _workbook(organiser_client, two_points)
    assert book.sheetnames == ["Tất cả đại biểu", "Tổng hợp"]
    sheet = book["Tất cả đại biểu"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(v[0], v[2]) for v in values] == [
        (1, "Nguyễn Văn Chủ Trì"),
        (2, EVIL),
        (3, "Hồ Thị Huế"),
    ]
    assert sheet.auto_filter.ref == "A1:H4"


def test_summary_status_follows_the_deadline(two_points):
    two_points.delegate_list_deadline = timezone.now() - timedelta(hours=1)
    two_points.save()
    export = exports.build_delegates_workbook(conference=two_points, now=timezone.now())
    summary = load_workbook(io.BytesIO(export.content))["Tổng hợp"]
    assert [row[11].value for row in summary.iter_rows(min_row=2, max_row=3)] == [
        "Quá hạn",
        "Quá hạn",
    ]


@pytest.mark.parametrize(
    "e164", ["+84912345678", "+84387654321", "+842438251234", "+6591234567", ""]
)
def test_fast_phone_format_agrees_with_format_phone(e164):
    from participants.normalise import format_phone

    assert exports.phone_as_written(e164) == format_phone(e164)


def test_everyone_first_totals_real_dates_and_no_empty_sheet(two_points):
    """Issue #18: numbers people can sum, dates they can sort, every delegate on the
    first sheet, the totals under the summary, and no sheet for a point without
    delegates."""
    empty = factories.BridgePointFactory(
        conference=two_points,
        unit=factories.UnitFactory(
            unit_set=two_points.unit_set, code="27", name="Bắc Ninh"
        ),
    )
    submitted_at = timezone.now().replace(microsecond=0)
    DelegateList.objects.filter(point__unit__code="01").update(
        status=ListStatus.SUBMITTED, submitted_at=submitted_at
    )

    export = exports.build_delegates_workbook(conference=two_points, now=timezone.now())
    book = load_workbook(io.BytesIO(export.content))

    assert book.sheetnames == [
        "Tất cả đại biểu",
        "Tổng hợp",
        "01 Hà Nội",
        "46 Thừa Thiên Huế",
    ]  # no sheet for Bắc Ninh, which has no delegate
    everyone = [[c.value for c in row] for row in book["Tất cả đại biểu"].iter_rows()]
    assert [(row[0], row[2]) for row in everyone[1:]] == [
        (1, "Nguyễn Văn Chủ Trì"),
        (2, EVIL),
        (3, "Hồ Thị Huế"),
    ]
    summary = book["Tổng hợp"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == ["01", "27", "46", None]
    assert rows[1][1] == empty.name and rows[1][4] == 0
    totals = rows[-1]
    assert totals[1] == "Tổng cộng: 3 điểm cầu"
    assert totals[3:5] == [1, 3]  # one chair, three delegates, as numbers
    assert totals[11] == "1 đã gửi"
    hanoi_row = next(row for row in rows if row[0] == "01")
    assert hanoi_row[13] == timezone.localtime(submitted_at).replace(tzinfo=None)
    assert summary.cell(row=2, column=14).number_format == "dd/mm/yyyy hh:mm"
