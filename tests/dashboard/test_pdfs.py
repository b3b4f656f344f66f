"""The 21/11 compile task's PDFs: the roll-up and the list of chairs and delegates.

Both are cut into pages by the code: each test checks that WeasyPrint's pages hold
exactly what was cut for them, whatever the length of the texts."""

import io
import random
from datetime import datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dashboard import compiled, pdfs, selectors, tasks
from documents.models import RenderJob
from participants.enums import Agency, DelegateRole
from tests import factories
from tests.dashboard.conftest import EVIL
from tests.factories import VN

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 11, 21, 16, 5, tzinfo=VN)
LONG_NAME = "Điểm cầu Ủy ban nhân dân xã Đắk Ngo, huyện Tuy Đức, tỉnh Đắk Nông " * 4


def made_by_the_job(client, name: str, conference, callbacks) -> "object":
    """POST the dashboard's button, run the job as a worker would, download its file."""
    with callbacks() as queued:
        response = client.post(
            reverse(f"dashboard:{name}", args=[conference.slug]),
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert len(queued) == 1
    job = RenderJob.objects.get(requested_by=response.wsgi_request.user)
    assert tasks.render_pdf_job(job_id=job.pk) == "done"
    return client.get(reverse("documents:job_file", args=[conference.slug, job.pk]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def texts_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> str:
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Without any space: a word broken over two lines reads whole."""
    return "".join(text.split())


def test_pdf_roll_up_is_a4_landscape_with_title_time_and_pages(
    two_points, organiser_client, django_capture_on_commit_callbacks
):
    export = pdfs.build_rollup_pdf(conference=two_points, now=NOW)

    reader = PdfReader(io.BytesIO(export.content))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)
    text = page.extract_text()
    assert two_points.title.split()[0] in text
    assert "21/11/2022 16:05" in text
    assert "1 / 1" in text
    assert "Hà Nội" in text
    response = made_by_the_job(
        organiser_client, "export_pdf", two_points, django_capture_on_commit_callbacks
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="tong-hop-{two_points.slug}-'
    )
    assert "Hà Nội" in texts_of(body(response))[0]


def _rollup_row(number: int, name: str | None = None) -> dict:
    return {
        "code": f"{number:05d}",
        "name": name or f"Điểm cầu UBND xã Số {number}",
        "region": "Trung",
        "chair": "Có",
        "delegates": "30",
        "status": "Chưa bắt đầu",
        "readiness": "Đã kiểm tra, còn việc chưa xong",
        "submitted_at": "19/11/2022 23:59",
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_roll_up_pages_hold_the_rows_cut_for_them_whatever_their_text(
    conference, monkeypatch, jobs
):
    """Long names wrap to their whole text; the rows are cut into pages by the code
    and the parts rendered side by side join in order, each page "n / total"."""
    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 2)
    rng = random.Random(5)
    rows = [
        _rollup_row(n, LONG_NAME[: rng.randint(20, len(LONG_NAME))] if n % 3 else None)
        for n in range(1, 121)
    ]
    meta = pdfs.rollup_meta(count=len(rows), now=NOW)
    pages = pdfs.rollup_pages(rows, title=conference.title, meta=meta)

    pdf = pdfs.rollup_pdf(conference=conference, rows=rows, now=NOW, jobs=jobs)

    texts = texts_of(pdf)
    assert len(texts) == len(pages) > 4
    for page, text in zip(pages, texts, strict=True):
        cut = page["blocks"][-1]["rows"]
        assert text.rstrip().endswith(f"{page['number']} / {len(pages)}")
        assert "Mã" in text and "Trạng thái danh sách" in text  # a header on each
        assert cut[0]["code"] in text and cut[-1]["code"] in text
        following = int(cut[-1]["code"]) + 1
        assert f"{following:05d}" not in text
        for row in cut:  # every name whole, however many lines it takes
            assert words(row["name"]) in words(text)
    assert conference.title.split()[0] in texts[0]
    assert "120 điểm cầu" in texts[0]
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("Tổng hợp các điểm cầu")


def test_roll_up_pages_of_one_line_rows_are_full():
    """Cutting by measure costs no room: one-line rows fill a page at least as well
    as the fixed 24 rows under the title and 28 on the other pages did (less the
    four rows' height of the issuing unit's block on the first page)."""
    rows = [_rollup_row(n) for n in range(1, 200)]
    pages = pdfs.rollup_pages(rows, title="Hội nghị", meta="Tổng hợp")
    first, *others = [len(p["blocks"][-1]["rows"]) for p in pages[:-1]]
    assert first >= 24 - 4 and min(others) >= 28


def test_two_roll_ups_rendered_at_once_keep_their_own_rows(conference, monkeypatch):
    """Two request threads rendering at the same moment each get their own pages
    (threads render their parts one after another: only the main thread forks), and
    the main thread's documents come out right afterwards: its fonts are intact."""
    import threading

    from common.pdf.render import render_pdf

    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 2)

    def text(pdf):
        return " ".join(texts_of(pdf))

    # The main thread's engine, with some faces loaded and others not yet.
    rows = [_rollup_row(n) for n in range(1, 61)]
    pdfs.rollup_pdf(conference=conference, rows=rows, now=NOW, jobs=2)
    results = {}

    def render(key):
        rows = [_rollup_row(n, f"Điểm cầu {key} {n}") for n in range(1, 61)]
        results[key] = pdfs.rollup_pdf(
            conference=conference, rows=rows, now=NOW, jobs=2
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


# ------------------------------------------------------------ the compiled list


@pytest.fixture
def many_delegates(two_points, hanoi_point):
    """Hà Nội with 60 delegates of long positions: its list runs over pages."""
    position = "Phó Chánh Văn phòng Ủy ban nhân dân thành phố, phụ trách công tác "
    for n in range(60):
        factories.DelegateFactory(
            point=hanoi_point,
            full_name=f"Trần Thị Đại Biểu {n:02d}",
            position=position * (1 + n % 3),
            agency=Agency.FINANCE,
            role=DelegateRole.GUEST if n % 2 else DelegateRole.ATTENDEE,
        )
    return two_points


@pytest.mark.parametrize("jobs", [1, 2])
def test_compiled_list_has_each_chair_then_every_delegate_under_their_point(
    many_delegates, hanoi_point, hue_point, monkeypatch, jobs
):
    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 2)

    export = compiled.build_compiled_pdf(conference=many_delegates, now=NOW, jobs=jobs)

    reader = PdfReader(io.BytesIO(export.content))
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    assert total >= 4
    first = reader.pages[0]
    assert (
        round(float(first.mediabox.width)),
        round(float(first.mediabox.height)),
    ) == (
        595,
        842,
    )
    assert export.file_name.startswith(f"danh-sach-dai-bieu-{many_delegates.slug}-")
    assert reader.metadata.title.startswith("DANH SÁCH CHỦ TRÌ VÀ ĐẠI BIỂU")
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().endswith(f"{number} / {total}")
    document = words(" ".join(texts))
    # Part I: each point's chair, or none registered.
    assert "I. NGƯỜI CHỦ TRÌ TẠI CÁC ĐIỂM CẦU" in document
    assert f"{hanoi_point.name} Nguyễn Văn Chủ Trì Giám đốc Sở Nội vụ" in document
    assert f"{hue_point.name} (chưa đăng ký)" in document
    assert "Tổng hợp lúc 21/11/2022 16:05 · 2 điểm cầu · 63 đại biểu" in document
    # Part II: every delegate, whole, under their point; a point continued on the
    # next page has its heading again.
    assert f"1. {hanoi_point.name} (62 đại biểu)" in document
    assert f"1. {hanoi_point.name} (62 đại biểu) (tiếp theo)" in document
    assert f"2. {hue_point.name} (1 đại biểu)" in document
    for n in range(60):
        assert f"Trần Thị Đại Biểu {n:02d}" in document
    assert "Phó Chánh Văn phòng Ủy ban nhân dân thành phố, phụ trách công tác " * 3 in (
        document + " "
    )
    # What one province typed is printed as text, in another's hands too.
    assert squashed(EVIL) in squashed(document) and "@Ban Dân tộc" in document


def test_compiled_pages_hold_what_was_cut_for_them(many_delegates, monkeypatch):
    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 2)
    from django.utils import translation

    with translation.override("vi"):
        points = compiled.compiled_points(many_delegates, now=NOW)
        totals = selectors.rollup_totals(conference=many_delegates, now=NOW)
        meta = compiled.compiled_meta(totals=totals, now=NOW)
        title = "DANH SÁCH CHỦ TRÌ VÀ ĐẠI BIỂU DỰ HỘI NGHỊ TẠI CÁC ĐIỂM CẦU"
        pages = compiled.compiled_pages(
            points, title=title, conference=many_delegates.title, meta=meta
        )
        pdf = compiled.compiled_pdf(
            conference=many_delegates, points=points, totals=totals, now=NOW, jobs=2
        )

    texts = texts_of(pdf)
    assert len(texts) == len(pages)
    for page, text in zip(pages, texts, strict=True):
        for block in page["blocks"]:
            for row in block.get("rows", []):
                shown = row.get("group") or row.get("empty") or row.get("name")
                assert squashed(shown) in squashed(text), (page["number"], shown)
    # A point's heading is never the last row of a page.
    for page in pages:
        last = page["blocks"][-1]
        assert "group" not in last.get("rows", [{}])[-1]


def test_compiled_list_of_too_many_delegates_points_to_the_spreadsheet(
    two_points, organiser_client, monkeypatch
):
    monkeypatch.setattr(compiled, "MAX_DELEGATES", 2)
    url = reverse("dashboard:export_compiled_pdf", args=[two_points.slug])

    response = organiser_client.post(url, follow=True)

    assert response.redirect_chain == [
        (reverse("dashboard:rollup", args=[two_points.slug]), 302)
    ]
    assert "3 đại biểu là quá nhiều cho một danh sách in (tối đa 2)" in (
        response.content.decode()
    )
    assert not RenderJob.objects.exists()


def test_compiled_list_downloads_from_the_dashboard(
    two_points, organiser_client, django_capture_on_commit_callbacks
):
    page = organiser_client.get(reverse("dashboard:rollup", args=[two_points.slug]))
    url = reverse("dashboard:export_compiled_pdf", args=[two_points.slug])
    assert f'hx-post="{url}"' in page.content.decode()

    response = made_by_the_job(
        organiser_client,
        "export_compiled_pdf",
        two_points,
        django_capture_on_commit_callbacks,
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="danh-sach-dai-bieu-{two_points.slug}-'
    )
    assert "Nguyễn Văn Chủ Trì" in " ".join(texts_of(body(response)))
