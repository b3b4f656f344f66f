"""The conference record as PDF, through the project's one renderer."""

from common.pdf.render import render_pdf

from .rows import Record

TEMPLATE = "pdf/questions/record.html"
STYLESHEETS = ("pdf/questions.css",)
AUTHOR = "Bộ Nội vụ"
# A record of a few thousand rows takes seconds on a worker; the renderer's default
# limit (20 s) is for a letter.
TIMEOUT_S = 300.0


def record_pdf(record: Record, *, timeout_s: float | None = TIMEOUT_S) -> bytes:
    """Every question and comment with its answer, as a PDF for the record."""
    return render_pdf(
        template=TEMPLATE,
        context={"record": record},
        title=f"Tổng hợp câu hỏi, kiến nghị và góp ý — {record.conference.short_title}",
        author=AUTHOR,
        subject="Câu hỏi, kiến nghị, đề xuất và ý kiến góp ý dự thảo",
        stylesheets=STYLESHEETS,
        timeout_s=timeout_s,
    )
