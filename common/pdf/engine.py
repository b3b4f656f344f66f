"""WeasyPrint with the shipped fonts and the parsed stylesheets, one engine per thread.

Stylesheets are parsed once per thread and reused with one font configuration, so a
render costs its layout only. `warm` prepares them in a process about to fork, which
its children then inherit.
"""

from __future__ import annotations

import atexit
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .anchors import Anchor, anchors_of
from .fetcher import BASE_URL, SafeURLFetcher, resolve, static_url

# Stylesheets every document gets, in this order (static paths).
BASE_STYLESHEETS = ("pdf/fonts.css", "pdf/base.css")

# The shipped font files: what `fonts.css` declares and what the tests expect to find
# embedded in every PDF.
SHIPPED_FONT_FAMILY = "LiberationSerif"

PDF_A = "pdf/a-3b"


class ProcessFontConfiguration(FontConfiguration):
    """WeasyPrint's font configuration, whose font files only its own process deletes,
    at the latest when that process exits.

    WeasyPrint copies the @font-face files into a temporary folder, which its
    configuration's finaliser (`__del__`) deletes. A process forked from a thread
    frees every other thread's objects at once, engines included: without the pid
    guard the child deleted the parent's folder, and the parent's next document set
    a face it had not loaded yet from a missing file (wrong glyphs, a broken font).
    A configuration lives in a reference cycle, so only the garbage collector frees
    it, and at interpreter exit that comes after the modules WeasyPrint's clean-up
    needs are torn down: `remove_font_files` runs it at exit (atexit), while
    everything is still there.
    """

    def __init__(self):
        super().__init__()
        self.owner_pid = os.getpid()
        _font_configurations.add(self)

    def remove_font_files(self) -> None:
        """WeasyPrint's own clean-up, in the process that made the configuration
        only; running it twice is harmless (the folder is gone)."""
        if os.getpid() == getattr(self, "owner_pid", None):
            super().__del__()

    def __del__(self):
        self.remove_font_files()


_font_configurations: weakref.WeakSet[ProcessFontConfiguration] = weakref.WeakSet()


@atexit.register
def _remove_font_files() -> None:
    for configuration in list(_font_configurations):
        configuration.remove_font_files()


# How many code-made stylesheets a thread keeps parsed. They depend on the data (a
# backdrop's type is sized to its point's name and the conference's title), so a
# long-lived worker would otherwise keep one for every title it ever rendered.
CODE_STYLESHEETS_KEPT = 256


class Engine:
    """One font configuration and the parsed stylesheets."""

    def __init__(self):
        self.font_config = ProcessFontConfiguration()
        self.fetcher = SafeURLFetcher()
        self.stylesheets: dict[str, CSS] = {}
        self.code_stylesheets: OrderedDict[str, CSS] = OrderedDict()
        self.cache: dict = {}

    def css_string(self, css: str) -> CSS:
        """A stylesheet made by the code (e.g. a backdrop's page size), parsed once
        while it is among the CODE_STYLESHEETS_KEPT used last."""
        sheet = self.code_stylesheets.get(css)
        if sheet is None:
            sheet = self.code_stylesheets[css] = CSS(
                string=css,
                base_url=BASE_URL,
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            while len(self.code_stylesheets) > CODE_STYLESHEETS_KEPT:
                self.code_stylesheets.popitem(last=False)
        else:
            self.code_stylesheets.move_to_end(css)
        return sheet

    def stylesheet(self, path: str) -> CSS:
        sheet = self.stylesheets.get(path)
        if sheet is None:
            source = resolve(static_url(path))
            sheet = CSS(
                string=source.read_text(encoding="utf-8"),
                base_url=static_url(path),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            self.stylesheets[path] = sheet
        return sheet


_local = threading.local()


def engine() -> Engine:
    """This thread's engine, made on first use."""
    current = getattr(_local, "engine", None)
    if current is None:
        current = _local.engine = Engine()
    return current


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    anchors: dict[str, Anchor]
    page_count: int


def weasyprint(
    html: str,
    *,
    stylesheets: Sequence[str] = (),
    css: str = "",
    pdf_variant: str | None = PDF_A,
    finisher: Callable[[dict[str, Anchor]], Callable] | None = None,
) -> Rendered:
    """HTML to PDF with this thread's engine: the shipped fonts, the parsed sheets,
    the safe fetcher. `finisher`, given where each `id` landed, returns a `write_pdf`
    finisher (the signature field)."""
    current = engine()
    sheets = [current.stylesheet(p) for p in (*BASE_STYLESHEETS, *stylesheets)]
    if css:
        sheets.append(current.css_string(css))
    current.fetcher.refused.clear()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=current.fetcher).render(
        font_config=current.font_config,
        stylesheets=sheets,
        cache=current.cache,
        pdf_variant=pdf_variant,
    )
    anchors = anchors_of(document)
    pdf = document.write_pdf(
        pdf_variant=pdf_variant,
        cache=current.cache,
        finisher=finisher(anchors) if finisher else None,
    )
    return Rendered(pdf=pdf, anchors=anchors, page_count=len(document.pages))


# Text in the four faces of the shipped font, with Vietnamese diacritics: rendered once
# by `warm(fonts=True)` so that Pango and HarfBuzz have loaded the faces.
WARM_HTML = (
    "<p>Hội nghị <b>Bộ Nội vụ</b> <i>Đắk Lắk</i> <b><i>Thừa Thiên Huế</i></b></p>"
)


def warm(stylesheets: Sequence[str] = (), *, fonts: bool = False) -> None:
    """Make this thread's engine and parse the stylesheets now; with `fonts`, also
    render a line in each face of the shipped font (and throw the PDF away).

    A process about to fork workers (`render_documents --jobs`, the Celery worker
    before it starts its pool) calls it so that they inherit the font configuration,
    the parsed sheets and the loaded faces (a fork copies the forking thread's
    `_local`) instead of each paying for them on its first document.
    """
    current = engine()
    for path in (*BASE_STYLESHEETS, *stylesheets):
        current.stylesheet(path)
    if fonts:
        weasyprint(WARM_HTML, stylesheets=stylesheets)
