"""What the 21/11 PDFs say beyond their rows: the roll-up's totals, issuing unit and
time; the printed list's phones, its points without delegates and reopened lists."""

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from common.display import national_phone
from dashboard import compiled, pdfs, selectors
from participants.enums import RegistrationStatus
from participants.models import DelegateList
from tests import factories
from tests.factories import VN

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 11, 21, 16, 5, tzinfo=VN)


def text_of(pdf: bytes) -> str:
    """Every page's text, each run of blanks one space."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def mixed(two_points, hanoi_point, hue_point, main_point):
    """Hà Nội submitted (2 delegates, a chair), Huế reopened (1 delegate), the main
    point and Đà Nẵng without anyone (late: the deadline was 20/11)."""
    DelegateList.objects.filter(point=hanoi_point).update(
        status=RegistrationStatus.SUBMITTED, submitted_at=NOW.replace(day=19)
    )
    DelegateList.objects.filter(point=hue_point).update(
        status=RegistrationStatus.REOPENED
    )
    danang = factories.UnitFactory(
        unit_set=two_points.unit_set, code="48", name="Đà Nẵng"
    )
    factories.BridgePointFactory(conference=two_points, unit=danang)
    return two_points


def test_rollup_totals_count_every_point_in_sql(mixed, django_assert_num_queries):
    with django_assert_num_queries(2):
        totals = selectors.rollup_totals(conference=mixed, now=NOW)

    assert totals == selectors.RollupTotals(
        points=4,
        submitted=1,
        reopened=1,
        late=2,
        with_chair=1,
        without_delegates=2,
        delegates=3,
        by_readiness={"not_tested": 4, "problem": 0, "in_progress": 0, "ready": 0},
    )
    assert totals.not_submitted == 2


def test_rollup_pdf_prints_issuer_time_and_totals_equal_to_its_rows(mixed):
    export = pdfs.build_rollup_pdf(conference=mixed, now=NOW)

    text = text_of(export.content)
    # The issuing unit, as the decree's header, and when the roll-up was made.
    assert "BỘ NỘI VỤ VỤ CẢI CÁCH HÀNH CHÍNH" in text
    assert "Hà Nội, ngày 21 tháng 11 năm 2022" in text
    assert "Lập lúc 21/11/2022 16:05" in text
    # The totals under the title…
    assert (
        "Số điểm cầu: 4 · có người chủ trì: 1 · chưa có đại biểu: 2 · "
        "tổng số đại biểu: 3" in text
    )
    assert "Danh sách đại biểu: đã gửi 1 · chưa gửi 2 (quá hạn 2) · đã mở lại 1" in text
    assert "Sẵn sàng kết nối: Chưa kiểm tra 4 · Có sự cố 0" in text
    # …and as the table's last row, equal to the sums of the rows above it.
    rows = pdfs.rollup_rows(
        selectors.points_with_counts(conference=mixed, now=NOW), yes="Có", no="Không"
    )
    assert sum(int(row["delegates"]) for row in rows) == 3
    assert sum(row["chair"] == "Có" for row in rows) == 1
    assert (
        "Điểm cầu Tỉnh Đà Nẵng Không 0 Quá hạn Chưa kiểm tra "
        "Tổng cộng: 4 điểm cầu 1 3 1 đã gửi, 2 chưa gửi, 1 đã mở lại 0 sẵn sàng" in text
    )


def test_rollup_total_row_is_bold_and_last(mixed):
    totals = selectors.rollup_totals(conference=mixed, now=NOW)
    rows = [{"code": "01", "name": "Điểm cầu", "delegates": "3"}]

    pages = pdfs.rollup_pages(
        rows,
        title="Hội nghị",
        meta="Tổng hợp",
        totals=pdfs.rollup_totals_lines(totals),
        total_row=pdfs.rollup_total_row(totals),
    )

    assert [block["kind"] for block in pages[0]["blocks"]] == [
        "issuer",
        "title",
        "totals",
        "rollup",
    ]
    last = pages[-1]["blocks"][-1]["rows"][-1]
    assert last["total"] and last["delegates"] == "3" and last["chair"] == "1"


def test_printed_list_has_phones_one_line_per_empty_point_and_reopened_mark(
    mixed, hue_point, main_point
):
    export = compiled.build_compiled_pdf(conference=mixed, now=NOW)

    text = text_of(export.content)
    # The phone column, in the chairs' table and the delegates'.
    assert text.count("Điện thoại") == 2
    # As people write them, not as stored (+84912345678).
    assert "Nguyễn Văn Chủ Trì Giám đốc Sở Nội vụ 0912 345 678" in text
    assert "+849" not in text
    huế = mixed.points.get(pk=hue_point.pk).delegates.get()
    assert f"Hồ Thị Huế Chuyên viên Sở Nội vụ {national_phone(huế.phone)}" in text
    # A reopened list is marked in both parts.
    assert text.count("(danh sách đang mở lại)") == 2
    assert f"3 {hue_point.name} (danh sách đang mở lại) (chưa đăng ký)" in text
    assert f"2. {hue_point.name} (1 đại biểu) (danh sách đang mở lại)" in text
    # Points without delegates: no section of their own, one line each at the end.
    assert "(0 đại biểu)" not in text and "Chưa đăng ký đại biểu" not in text
    closing = text[text.index("Chưa có đại biểu (2 điểm cầu)") :]
    assert f"Chưa có đại biểu (2 điểm cầu) 3. {main_point.name} " in closing
    assert "4. Điểm cầu Tỉnh Đà Nẵng 1 / 1" in closing
    assert (
        "Tổng hợp lúc 21/11/2022 16:05 · 4 điểm cầu · 3 đại biểu · "
        "2 chưa có đại biểu · 1 danh sách đang mở lại" in text
    )


def test_compiled_pages_put_points_without_delegates_last_one_row_each(mixed):
    from django.utils import translation

    with translation.override("vi"):
        points = compiled.compiled_points(mixed, now=NOW)
        pages = compiled.compiled_pages(points, title="T", conference="H", meta="M")

    rows = [
        row
        for page in pages
        for block in page["blocks"]
        if block["kind"] == "delegates"
        for row in block["rows"]
    ]
    groups = [row["group"] for row in rows if "group" in row]
    assert groups[-1] == "Chưa có đại biểu (2 điểm cầu)"
    tail = rows[rows.index({"group": groups[-1]}) + 1 :]
    assert len(tail) == 2 and all(set(row) == {"empty"} for row in tail)


def test_rollup_pages_with_issuer_and_totals_hold_what_was_cut_for_them(mixed):
    """The issuer's box and the totals' lines take the room measured for them: each
    page ends with the row cut last for it, and the total row closes the last."""
    totals = selectors.rollup_totals(conference=mixed, now=NOW)
    rows = [
        {"code": f"{n:05d}", "name": f"Điểm cầu UBND xã Số {n}", "delegates": "1"}
        for n in range(1, 80)
    ]
    pages = pdfs.rollup_pages(
        rows,
        title=mixed.title,
        meta=pdfs.rollup_meta(count=len(rows), now=NOW),
        totals=pdfs.rollup_totals_lines(totals),
        total_row=pdfs.rollup_total_row(totals),
    )

    pdf = pdfs.rollup_pdf(conference=mixed, rows=rows, now=NOW, totals=totals)

    texts = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
    assert len(texts) == len(pages) >= 3
    for page, text in zip(pages, texts, strict=True):
        cut = page["blocks"][-1]["rows"]
        assert cut[0]["name"] in text and cut[-1]["name"] in text
    assert "Tổng cộng: 4 điểm cầu" in texts[-1]
    assert "Tổng cộng" not in " ".join(texts[:-1])


def test_rollup_issuer_box_grows_with_a_place_that_wraps(mixed):
    """The place comes from the invitation's data: a long one wraps, and its box
    grows by the lines measured for it, so nothing is clipped or pushed over."""
    from documents.enums import IssuedKind
    from documents.models import IssuedDocument

    place = "Trụ sở Bộ Nội vụ, số 8 phố Tôn Thất Thuyết, quận Cầu Giấy, Hà Nội"
    IssuedDocument.objects.create(
        conference=mixed,
        kind=IssuedKind.INVITATION,
        issuing_body="BỘ NỘI VỤ",
        symbol="GM-BNV",
        place=place,
        signer_title="THỨ TRƯỞNG",
        signer_name="",
    )
    issuer = pdfs.rollup_issuer(conference=mixed, now=NOW)
    assert pdfs.rollup_issuer_height(issuer) > pdfs.ROLLUP_ISSUER_PT
    rows = [
        {"code": f"{n:05d}", "name": f"Điểm cầu UBND xã Số {n}", "delegates": "1"}
        for n in range(1, 40)
    ]
    meta = pdfs.rollup_meta(count=len(rows), now=NOW)
    pages = pdfs.rollup_pages(rows, title=mixed.title, meta=meta, issuer=issuer)

    pdf = pdfs.rollup_pdf(conference=mixed, rows=rows, now=NOW)

    texts = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
    assert f"{place}, ngày 21 tháng 11 năm 2022" in texts[0]
    assert len(texts) == len(pages)
    for page, text in zip(pages, texts, strict=True):
        cut = page["blocks"][-1]["rows"]
        assert cut[0]["name"] in text and cut[-1]["name"] in text
        following = int(cut[-1]["code"]) + 1
        assert f"Số {following} " not in text + " "
