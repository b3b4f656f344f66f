import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboard import exports
from participants.enums import Agency, DelegateRole
from tests import factories
from tests.factories import VN

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture
def two_points(conference, hanoi_point, hue_point):
    factories.DelegateFactory(
        point=hanoi_point,
        full_name="Nguyễn Văn Chủ Trì",
        position="Giám đốc Sở Nội vụ",
        role=DelegateRole.CHAIR,
        phone="+84912345678",
    )
    factories.DelegateFactory(
        point=hanoi_point,
        full_name=EVIL,
        position="+1 chuyên viên",
        agency=Agency.OTHER,
        agency_other="@Ban Dân tộc",
        email="x@example.vn",
    )
    factories.DelegateFactory(point=hue_point, full_name="Hồ Thị Huế")
    return conference


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
    assert book.sheetnames == ["Tổng hợp", "01 Hà Nội", "46 Thừa Thiên Huế"]
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
    assert first[:5] == ["01", hanoi_name(two_points), None, "Có", "2"]
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
    # Formula injection neutralised in every column, and every cell is text.
    assert rows[1][2:5] == ["'" + EVIL, "'+1 chuyên viên", "'@Ban Dân tộc"]
    assert all(c.data_type == "s" for row in hanoi.iter_rows() for c in row if c.value)
    assert hanoi.freeze_panes == "A2"
    assert hanoi.auto_filter.ref == "A1:H3"
    assert hanoi.column_dimensions["C"].width == 28


def test_xlsx_beyond_the_sheet_limit_is_one_long_sheet(
    two_points, organiser_client, monkeypatch
):
    monkeypatch.setattr(exports, "SHEET_PER_POINT_LIMIT", 1)
    book = _workbook(organiser_client, two_points)
    assert book.sheetnames == ["Tổng hợp", "Đại biểu"]
    sheet = book["Đại biểu"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(v[0], v[2]) for v in values] == [
        ("1", "Nguyễn Văn Chủ Trì"),
        ("2", "'" + EVIL),
        ("3", "Hồ Thị Huế"),
    ]
    assert sheet.auto_filter.ref == "A1:H4"


def test_pdf_roll_up_is_a4_landscape_with_title_time_and_pages(
    two_points, organiser_client
):
    pytest.importorskip("documents.rendering")
    from pypdf import PdfReader

    export = exports.build_rollup_pdf(
        conference=two_points, now=datetime(2022, 11, 21, 16, 5, tzinfo=VN)
    )
    reader = PdfReader(io.BytesIO(export.content))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)
    text = page.extract_text()
    assert two_points.title.split()[0] in text
    assert "16:05 21/11/2022" in text
    assert "1 / 1" in text
    assert "Hà Nội" in text
    response = organiser_client.get(
        reverse("dashboard:export_pdf", args=[two_points.slug])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _rollup_row(number: int, name: str | None = None) -> dict:
    return {
        "code": f"{number:05d}",
        "name": name or f"Điểm cầu UBND xã Số {number}",
        "region": "Trung",
        "chair": "Có",
        "delegates": 30,
        "status": "chưa bắt đầu",
        "readiness": "kiểm tra lần 1 có sự cố",
        "submitted_at": datetime(2022, 11, 19, 23, 59, tzinfo=VN),
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_pdf_pages_hold_the_rows_cut_for_them_whatever_their_text(
    conference, monkeypatch, jobs
):
    """Rows are cut into pages in Python: the first page holds fewer (the title),
    a long name is shortened, never wrapped onto a page of its own, and the parts
    rendered side by side join in order, each page numbered "n / total"."""
    from pypdf import PdfReader

    monkeypatch.setattr(exports, "PARALLEL_FROM_PAGES", 2)
    per_page, first = exports.ROWS_PER_PAGE, exports.ROWS_ON_FIRST_PAGE
    count = first + 2 * per_page + 3
    long_name = "Điểm cầu Ủy ban nhân dân xã Đắk Ngo, huyện Tuy Đức, tỉnh Đắk Nông " * 4
    rows = [
        _rollup_row(n, long_name if n % 7 == 0 else None) for n in range(1, count + 1)
    ]
    pdf = exports.rollup_pdf(
        conference=conference,
        rows=rows,
        now=datetime(2022, 11, 21, 16, 5, tzinfo=VN),
        jobs=jobs,
    )

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().endswith(f"{number} / 4")
        assert "Mã" in text and "Trạng thái danh sách" in text  # header on every page
    assert conference.title.split()[0] in texts[0]
    assert f"{count} điểm cầu" in texts[0]
    assert f"{first:05d}" in texts[0] and f"{first + 1:05d}" not in texts[0]
    assert f"{first + 1:05d}" in texts[1]
    assert f"{first + per_page + 1:05d}" in texts[2]
    assert f"{count:05d}" in texts[3]
    # The long name is cut on its one line (the whole text stays in the file).
    assert long_name.strip() in " ".join(texts[0].split())
    assert reader.metadata.title.startswith("Tổng hợp các điểm cầu")


def test_two_roll_ups_rendered_at_once_keep_their_own_rows(conference, monkeypatch):
    """Two request threads rendering at the same moment each get their own pages
    (threads render their parts one after another: only the main thread forks), and
    the main thread's documents come out right afterwards: its fonts are intact."""
    import threading

    from pypdf import PdfReader

    from documents.rendering import render_pdf

    monkeypatch.setattr(exports, "PARALLEL_FROM_PAGES", 2)
    now = datetime(2022, 11, 21, 16, 5, tzinfo=VN)

    def text(pdf):
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    # The main thread's engine, with some faces loaded and others not yet.
    rows = [_rollup_row(n) for n in range(1, 61)]
    exports.rollup_pdf(conference=conference, rows=rows, now=now, jobs=2)
    results = {}

    def render(key):
        rows = [_rollup_row(n, f"Điểm cầu {key} {n}") for n in range(1, 61)]
        results[key] = exports.rollup_pdf(
            conference=conference, rows=rows, now=now, jobs=2
        )

    threads = [threading.Thread(target=render, args=(k,)) for k in ("Alpha", "Beta")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for key, other in (("Alpha", "Beta"), ("Beta", "Alpha")):
        assert f"Điểm cầu {key} 60" in text(results[key])
        assert f"Điểm cầu {key} 1 " in text(results[key])
        assert other not in text(results[key])
    # A face the main thread had not used yet (bold italic) still renders right.
    closing = render_pdf(
        template="pdf/tests/sample.html",
        context={"line": "", "raw": "<p><b><i>Nơi nhận: Thừa Thiên Huế</i></b></p>"},
        title="t",
        author="a",
        subject="s",
        stylesheets=(),
    )
    assert "Nơi nhận: Thừa Thiên Huế" in text(closing)


def test_summary_status_follows_the_deadline(two_points):
    two_points.delegate_list_deadline = timezone.now() - timedelta(hours=1)
    two_points.save()
    export = exports.build_delegates_workbook(conference=two_points, now=timezone.now())
    summary = load_workbook(io.BytesIO(export.content))["Tổng hợp"]
    assert [row[11].value for row in summary.iter_rows(min_row=2)] == [
        "Quá hạn",
        "Quá hạn",
    ]


@pytest.mark.parametrize(
    "e164", ["+84912345678", "+84387654321", "+842438251234", "+6591234567", ""]
)
def test_fast_phone_format_agrees_with_format_phone(e164):
    from participants.normalise import format_phone

    assert exports._phone(e164) == format_phone(e164)
