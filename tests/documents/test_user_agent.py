"""The portal's user-agent stylesheet (static/pdf/ua.css) stands in for WeasyPrint's.

It holds only the rules of WeasyPrint's HTML5 sheet for the elements the PDF
templates use, which makes a render about a tenth cheaper. These tests keep the
shortcut honest: no template may use another element, and every kind of document
comes out pixel for pixel, bookmarks included, as with WeasyPrint's own sheet.
"""

import io
import re
from datetime import datetime
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from pypdf import PdfReader

from agenda.models import AgendaSlot
from dashboard import pdfs
from documents import rendering, services
from documents.weasy import HTML
from tests import factories
from tests.factories import VN

from .conftest import default_sizes

PDF_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "pdf"


def test_pdf_templates_use_only_the_elements_the_sheet_styles():
    used = set()
    for template in PDF_TEMPLATES.rglob("*.html"):
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", template.read_text(), flags=re.S)
        used |= set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", text))
    assert {tag.lower() for tag in used} <= rendering.UA_ELEMENTS
    assert {"table", "td", "h1", "p"} <= used  # the scan found the templates


def _pages(pdf: bytes) -> list[bytes]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=0.5).to_pil().tobytes() for page in document]
    finally:
        document.close()


def _outline(pdf: bytes) -> list:
    def titles(items):
        return [titles(i) if isinstance(i, list) else i.title for i in items]

    return titles(PdfReader(io.BytesIO(pdf)).outline)


def _documents(point) -> dict[str, bytes]:
    conference = point.conference
    screen, _banner = default_sizes()
    rows = [
        {
            "code": f"{n:05d}",
            "name": f"Điểm cầu UBND xã Đắk Số {n}",
            "region": "Tây Nguyên",
            "chair": "Có",
            "delegates": str(n),
            "status": "đã gửi",
            "readiness": "sẵn sàng",
            "submitted_at": "19/11/2022 09:30",
        }
        for n in range(1, 40)
    ]
    return {
        "invitation": services.invitation_spec(point).make(),
        "programme": services.programme_spec(conference).make(),
        "backdrop": services.backdrop_spec(point, screen).make(),
        "rollup": pdfs.rollup_pdf(
            conference=conference,
            rows=rows,
            now=datetime(2022, 11, 21, 16, 5, tzinfo=VN),
            jobs=1,
        ),
    }


@pytest.mark.django_db
def test_every_document_renders_as_with_weasyprints_own_sheet(
    bac_ninh_point, monkeypatch
):
    conference = bac_ninh_point.conference
    if not AgendaSlot.objects.filter(conference=conference).exists():
        factories.AgendaSlotFactory(conference=conference, order=1)
        factories.AgendaSlotFactory(conference=conference, order=2)
    ours = _documents(bac_ninh_point)
    monkeypatch.setattr(rendering, "PortalHTML", HTML)
    theirs = _documents(bac_ninh_point)

    for kind in ours:
        assert _pages(ours[kind]) == _pages(theirs[kind]), kind
        assert _outline(ours[kind]) == _outline(theirs[kind]), kind
    assert _outline(ours["invitation"])  # the headings are bookmarked
