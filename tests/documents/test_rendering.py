"""The one PDF renderer: fonts, metadata, PDF/A, safe fetching, time limit."""

import pytest
from django.test import override_settings

from common.pdf import engine
from common.pdf.fetcher import PDF_ORIGIN, RefusedURL, SafeURLFetcher, static_url
from common.pdf.render import RenderTimeout, render, render_pdf
from tests.documents import pdfcheck

LINE = "Tỉnh Bắc Ninh, ngày 22 tháng 11 năm 2022 – Thừa Thiên Huế, Đắk Lắk, Quảng Ngãi"


def _render(**overrides):
    kwargs = {
        "template": "pdf/tests/sample.html",
        "context": {"line": LINE},
        "title": "Giấy mời",
        "author": "Bộ Nội vụ",
        "subject": "Hội nghị triển khai Đề án",
    }
    kwargs.update(overrides)
    return render_pdf(**kwargs)


def test_vietnamese_text_in_the_shipped_font_only():
    pdf = _render()
    assert LINE in pdfcheck.flat_text(pdf)
    assert pdfcheck.embedded_font_names(pdf) == {"Liberation Serif"}


def test_metadata_and_pdfa_identification():
    pdf = _render()
    reader = pdfcheck.reader(pdf)
    assert reader.metadata["/Title"] == "Giấy mời"
    assert reader.metadata["/Author"] == "Bộ Nội vụ"
    assert reader.metadata["/Subject"] == "Hội nghị triển khai Đề án"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert "/GTS_PDFA1" in str(
        reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    )


def test_plain_pdf_when_no_variant():
    reader = pdfcheck.reader(_render(pdf_variant=None))
    assert "/OutputIntents" not in reader.trailer["/Root"]


def test_default_page_is_a4_portrait_and_landscape_class_turns_it():
    assert pdfcheck.page_size_mm(_render()) == (210.0, 297.0)
    landscape = _render(context={"line": LINE, "body_class": "landscape"})
    assert pdfcheck.page_size_mm(landscape) == (297.0, 210.0)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        f"{PDF_ORIGIN}/static/../../../../etc/passwd",
        f"{PDF_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{PDF_ORIGIN}/media/../config/settings/base.py",
        f"{PDF_ORIGIN}/etc/passwd",
        "https://pdf.portal.invalid.evil.example/static/pdf/base.css",
    ],
)
def test_fetcher_refuses_anything_but_the_projects_files(url):
    fetcher = SafeURLFetcher()
    with pytest.raises((RefusedURL, ValueError)):
        fetcher.fetch(url)
    assert fetcher.fetched == []


def test_fetcher_serves_static_and_media(tmp_path):
    fetcher = SafeURLFetcher()
    response = fetcher.fetch(static_url("pdf/base.css"))
    assert b"@page" in response.read()
    (tmp_path / "logo.png").write_bytes(b"\x89PNG fake")
    with override_settings(MEDIA_ROOT=tmp_path):
        response = fetcher.fetch(f"{PDF_ORIGIN}/media/logo.png")
        assert response.read() == b"\x89PNG fake"


def test_typed_markup_is_escaped_and_fetches_nothing():
    attack = '<img src="file:///etc/passwd">'
    result = render(
        template="pdf/tests/sample.html",
        context={"line": attack},
        title="t",
        author="a",
        subject="s",
    )
    assert attack in pdfcheck.flat_text(result.pdf)
    assert pdfcheck.image_count(result.pdf) == 0
    assert engine.engine().fetcher.refused == []


def test_even_unescaped_markup_cannot_read_a_file():
    # Defence in depth: were a template to mark user text safe, the fetcher still
    # refuses the file and the PDF holds no image.
    _render(context={"line": "x", "raw": '<img src="file:///etc/passwd">'})
    fetcher = engine.engine().fetcher
    assert fetcher.refused == ["file:///etc/passwd"]
    assert all(u.startswith(PDF_ORIGIN) for u in fetcher.fetched)


def test_time_limit(monkeypatch):
    with pytest.raises(RenderTimeout):
        _render(context={"line": LINE * 4000}, timeout_s=0.01)


def test_a_process_forked_from_a_thread_leaves_the_parents_font_files(
    monkeypatch, tmp_path
):
    """A fork from a thread frees the other threads' objects in the child, this
    thread's engine among them: its font files must stay for the parent."""
    import gc
    import os
    import tempfile
    import threading

    # A new engine for this thread, whose font folder WeasyPrint makes in tmp_path.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(engine._local, "engine", None)
    _render()
    (folder,) = tmp_path.glob("weasyprint-*")
    assert any(folder.iterdir())

    def fork_and_exit():
        pid = os.fork()
        if pid == 0:  # the child: the main thread's engine is gone here
            gc.collect()
            os._exit(0)
        os.waitpid(pid, 0)

    thread = threading.Thread(target=fork_and_exit)
    thread.start()
    thread.join()
    assert folder.exists() and any(folder.iterdir())
    assert LINE in pdfcheck.flat_text(_render())


def test_code_made_stylesheets_are_kept_parsed_up_to_a_bound(monkeypatch):
    # They follow the data (a backdrop's sizes follow its title): a worker rendering
    # titles for weeks keeps only the ones used last, each parsed once meanwhile.
    monkeypatch.setattr(engine, "CODE_STYLESHEETS_KEPT", 3)
    current = engine.Engine()
    first = current.css_string("p { margin: 1pt }")
    assert current.css_string("p { margin: 1pt }") is first
    for size in range(2, 6):
        current.css_string(f"p {{ margin: {size}pt }}")
    assert list(current.code_stylesheets) == [
        "p { margin: 3pt }",
        "p { margin: 4pt }",
        "p { margin: 5pt }",
    ]
    assert current.css_string("p { margin: 1pt }") is not first  # parsed again
