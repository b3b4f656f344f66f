"""The project's one PDF renderer: Django template → WeasyPrint → PDF bytes.

Every PDF the portal makes goes through `render_pdf` (the invitation, the programme,
the backdrops) or, for a long document cut into independent parts rendered side by
side, `render_pdf_parts` (the dashboard's roll-up). Both guarantee:

- the shipped fonts only (`static/fonts/`, Liberation Serif: Times New Roman metrics,
  every Vietnamese diacritic), declared once in `static/pdf/fonts.css`;
- a URL fetcher that serves the project's static files and media and nothing else:
  `file://`, `http(s)://` to anywhere, `data:` and path tricks are refused before any
  I/O, so text a user typed cannot make the renderer read a file or call a host;
- PDF metadata (title, author, subject) and PDF/A-3b by default;
- a time limit per render (`RenderTimeout`);
- on request, an empty signature field over the signer's block (`documents.signing`),
  written with the PDF itself;
- the portal's user-agent stylesheet (`static/pdf/ua.css`) in place of WeasyPrint's.

Templates extend `templates/pdf/base.html`; user data reaches them only through the
context, so Django's autoescaping applies. Stylesheets are parsed once per process
and reused with one font configuration, which is what makes a render take tens of
milliseconds rather than hundreds.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import logging
import multiprocessing
import multiprocessing.pool
import os
import posixpath
import shutil
import signal
import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from .signing import signature_finisher
from .weasy import CSS, HTML, FontConfiguration, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The origin every document is rendered against. `.invalid` never resolves (RFC 2606)
# and the fetcher never opens a socket anyway: it only maps this origin's /static/ and
# /media/ paths to files of the project.
PDF_ORIGIN = "https://pdf.portal.invalid"
BASE_URL = PDF_ORIGIN + "/"

# Stylesheets every document gets, in this order (static paths).
BASE_STYLESHEETS = ("pdf/fonts.css", "pdf/base.css")

# The user-agent stylesheet of every PDF, in place of WeasyPrint's HTML5 one: the
# rules of it that apply to `UA_ELEMENTS`, the only elements the PDF templates use
# (tests/documents/test_user_agent.py holds both true).
UA_STYLESHEET = "pdf/ua.css"
UA_ELEMENTS = frozenset(
    "html head title meta body section div p span b i em strong br h1 h2 h3 "
    "table colgroup col thead tbody tr th td".split()
)

# The shipped font files: what `fonts.css` declares and what the tests expect to find
# embedded in every PDF.
SHIPPED_FONT_FAMILY = "LiberationSerif"

DEFAULT_TIMEOUT_S = 20.0
PDF_A = "pdf/a-3b"

_CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
}


class RenderError(Exception):
    """A document could not be rendered."""


class RenderTimeout(RenderError):
    """A render took longer than its time limit."""


class RefusedURL(ValueError):
    """The renderer was asked for something that is not the project's own file."""


def _resolve(url: str) -> Path:
    """Map an URL of `PDF_ORIGIN` to a file of the project, or raise `RefusedURL`."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN or parts.query:
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    raw = unquote(parts.path)
    if "\\" in raw or "\x00" in raw:
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    path = posixpath.normpath(raw)
    # normpath folds "/static/../../etc"; anything that then escapes the prefix, or was
    # written with a "..", is refused rather than repaired.
    if path != raw or ".." in raw.split("/"):
        raise RefusedURL(f"not a file of the portal: {url[:200]}")
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path[len(static_prefix) :]
        found = finders.find(relative)
        if not found:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        if not found:
            raise RefusedURL(f"no such static file: {relative[:200]}")
        return Path(found)
    if path.startswith(media_prefix):
        relative = path[len(media_prefix) :]
        try:
            found = Path(default_storage.path(relative))  # safe_join: stays inside
        except Exception as exc:  # SuspiciousFileOperation, NotImplementedError
            raise RefusedURL(f"not a media file: {relative[:200]}") from exc
        if not found.is_file():
            raise RefusedURL(f"no such media file: {relative[:200]}")
        return found
    raise RefusedURL(f"not a file of the portal: {url[:200]}")


class SafeURLFetcher(URLFetcher):
    """Serve the project's static and media files; refuse everything else.

    `refused` lists what was asked for and refused, for logs and tests. Nothing is
    ever opened for a refused URL: the check happens before any I/O.
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = _resolve(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("PDF renderer refused %s", url[:200])
            raise
        self.fetched.append(url)
        content_type = _CONTENT_TYPES.get(
            path.suffix.lower(), "application/octet-stream"
        )
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}
        )


def static_url(path: str) -> str:
    """The URL under which a template or stylesheet refers to a static file."""
    return f"{PDF_ORIGIN}/{settings.STATIC_URL.strip('/')}/{path}"


class ProcessFontConfiguration(FontConfiguration):
    """WeasyPrint's font configuration, whose font files only its own process deletes,
    at the latest when that process exits.

    WeasyPrint copies the @font-face files into a temporary folder and deletes it
    when the configuration is garbage collected. A process forked from a thread
    frees every other thread's objects at once, engines included: without the pid
    guard the child deleted the parent's folder, and the parent's next document set
    a face it had not loaded yet from a missing file (wrong glyphs, a broken font).
    A configuration lives in a reference cycle, so only the garbage collector frees
    it: `remove_font_files`, run at exit, does not leave the folder to a collection
    that a process may skip (manage.py does).
    """

    def __init__(self):
        super().__init__()
        self._owner_pid = os.getpid()
        _font_configurations.add(self)

    def remove_font_files(self) -> None:
        if os.getpid() == getattr(self, "_owner_pid", None) and self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __del__(self):
        self.remove_font_files()


_font_configurations: weakref.WeakSet[ProcessFontConfiguration] = weakref.WeakSet()


@atexit.register
def _remove_font_files() -> None:
    for configuration in list(_font_configurations):
        configuration.remove_font_files()


class _Engine:
    """One font configuration and the parsed stylesheets, per thread."""

    def __init__(self):
        self.font_config = ProcessFontConfiguration()
        self.fetcher = SafeURLFetcher()
        self.stylesheets: dict[str, CSS] = {}
        self.cache: dict = {}

    def css_string(self, css: str) -> CSS:
        """A stylesheet made by the code (e.g. a backdrop's page size), parsed once."""
        key = "string:" + css
        sheet = self.stylesheets.get(key)
        if sheet is None:
            sheet = self.stylesheets[key] = CSS(
                string=css,
                base_url=BASE_URL,
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        return sheet

    def stylesheet(self, path: str) -> CSS:
        sheet = self.stylesheets.get(path)
        if sheet is None:
            source = _resolve(static_url(path))
            sheet = CSS(
                string=source.read_text(encoding="utf-8"),
                base_url=static_url(path),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            self.stylesheets[path] = sheet
        return sheet


class PortalHTML(HTML):
    """WeasyPrint's HTML with the portal's user-agent stylesheet (`UA_STYLESHEET`).

    `_ua_stylesheets` is the hook WeasyPrint's own test suite overrides the same way
    (its `FakeHTML`). Matching the 191 rules of WeasyPrint's sheet against every
    element is about a tenth of an invitation's render; the portal's subset gives
    the same pages.
    """

    def _ua_stylesheets(self, forms=False):
        return [_engine().stylesheet(UA_STYLESHEET)]


_local = threading.local()


def _engine() -> _Engine:
    engine = getattr(_local, "engine", None)
    if engine is None:
        engine = _local.engine = _Engine()
    return engine


# Text in the four faces of the shipped font, with Vietnamese diacritics: rendered once
# by `warm(fonts=True)` so that Pango and HarfBuzz have loaded the faces.
_WARM_HTML = (
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
    engine = _engine()
    for path in (UA_STYLESHEET, *BASE_STYLESHEETS, *stylesheets):
        engine.stylesheet(path)
    if fonts:
        _weasyprint(_WARM_HTML, stylesheets=stylesheets)


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `RenderTimeout` after `seconds` (SIGALRM: main thread only).

    Celery's prefork workers, gunicorn's sync workers and management commands render
    in their main thread. Elsewhere (runserver's threads) the limit is not enforced
    here, and Celery's own time limits apply to the jobs.
    """
    if (
        not seconds
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout(f"render took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Anchor:
    """Where an element with an `id` landed: page index and its box in PDF points
    from the page's bottom-left corner (what pyHanko and pypdf use)."""

    page: int
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    anchors: dict[str, Anchor]
    page_count: int


def render(
    *,
    template: str,
    context: dict,
    title: str,
    author: str,
    subject: str,
    stylesheets: Sequence[str] = (),
    css: str = "",
    pdf_variant: str | None = PDF_A,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    signature_field: str | None = None,
) -> Rendered:
    """Render like `render_pdf`, also returning where each `id` of the page landed."""
    html = _html(template, context, title=title, author=author, subject=subject)
    with _time_limit(timeout_s):
        return _weasyprint(
            html,
            stylesheets=stylesheets,
            css=css,
            pdf_variant=pdf_variant,
            signature_field=signature_field,
        )


def _html(
    template: str, context: dict, *, title: str, author: str, subject: str
) -> str:
    return render_to_string(
        template,
        {**context, "pdf_title": title, "pdf_author": author, "pdf_subject": subject},
    )


def _weasyprint(
    html: str,
    *,
    stylesheets: Sequence[str] = (),
    css: str = "",
    pdf_variant: str | None = PDF_A,
    signature_field: str | None = None,
) -> Rendered:
    """HTML to PDF with this thread's engine: the shipped fonts, the parsed sheets,
    the safe fetcher."""
    engine = _engine()
    sheets = [engine.stylesheet(p) for p in (*BASE_STYLESHEETS, *stylesheets)]
    if css:
        sheets.append(engine.css_string(css))
    engine.fetcher.refused.clear()
    document = PortalHTML(
        string=html, base_url=BASE_URL, url_fetcher=engine.fetcher
    ).render(
        font_config=engine.font_config,
        stylesheets=sheets,
        cache=engine.cache,
        pdf_variant=pdf_variant,
    )
    anchors = _anchors(document)
    pdf = document.write_pdf(
        pdf_variant=pdf_variant,
        cache=engine.cache,
        finisher=(
            signature_finisher(anchors, name=signature_field)
            if signature_field
            else None
        ),
    )
    return Rendered(pdf=pdf, anchors=anchors, page_count=len(document.pages))


def _anchors(document) -> dict[str, Anchor]:
    """Where each `id` landed, known once the layout is done (before the PDF)."""
    anchors = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * 0.75
        for name, (x1, y1, x2, y2) in page.anchors.items():
            anchors.setdefault(
                name,
                Anchor(
                    index,
                    left=x1 * 0.75,
                    bottom=height_pt - y2 * 0.75,
                    right=x2 * 0.75,
                    top=height_pt - y1 * 0.75,
                ),
            )
    return anchors


def render_pdf(
    *,
    template: str,
    context: dict,
    title: str,
    author: str,
    subject: str,
    stylesheets: Sequence[str] = (),
    css: str = "",
    pdf_variant: str | None = PDF_A,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    signature_field: str | None = None,
) -> bytes:
    """Render `template` (under templates/pdf/, extending pdf/base.html) to PDF bytes.

    `stylesheets` are extra static paths (e.g. "pdf/invitation.css") applied after
    `pdf/fonts.css` and `pdf/base.css`. `css` is a stylesheet the code computes from a
    few values (a backdrop's page and font sizes): parsed once per distinct string and
    kept, never user text. `title`, `author` and `subject` become the PDF's metadata.
    `pdf_variant` is WeasyPrint's (PDF/A-3b by default; None for a plain PDF).
    `signature_field`, when given, names an empty signature field put over the
    template's `#signature-space` (`documents.signing`). Raises `RenderTimeout` past
    `timeout_s`.
    """
    return render(
        template=template,
        context=context,
        title=title,
        author=author,
        subject=subject,
        stylesheets=stylesheets,
        css=css,
        pdf_variant=pdf_variant,
        timeout_s=timeout_s,
        signature_field=signature_field,
    ).pdf


# ------------------------------------------------------- parts side by side

# In a forked process of `render_pdf_parts`: the parts' HTML and stylesheets, given
# by the pool's initializer. A fork hands them over without pickling, and each call
# has its own pool: nothing is shared between two renders.
_parts: dict = {"html": [], "stylesheets": ()}


def _receive_parts(html: list[str], stylesheets: tuple[str, ...]) -> None:
    _parts.update(html=html, stylesheets=stylesheets)


def _render_part(index: int) -> bytes:
    """In a forked process: WeasyPrint on the part's HTML (made by the parent)."""
    return _weasyprint(
        _parts["html"][index], stylesheets=_parts["stylesheets"], pdf_variant=None
    ).pdf


def _can_fork() -> bool:
    """Forking is safe here: a platform with fork, the main thread (a fork from
    another thread inherits locks other threads may hold, and frees their objects),
    not a daemonic process (a Celery prefork child may not have children)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and not multiprocessing.current_process().daemon
    )


@contextlib.contextmanager
def forked_pool(processes: int, **options) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of processes forked from this one, which render with what it holds.

    While the pool lives, the objects of this process are frozen out of the garbage
    collector (`gc.freeze`, as Python's documentation advises before a fork): a
    collection in a child would otherwise write to every object it inherited, and
    the system copy each page of them (on 63 invitations, a quarter fewer page
    faults and 0.1 s less). They are handed back to the collector once the pool is
    closed.
    """
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes, **options) as pool:
            yield pool
    finally:
        gc.unfreeze()


def render_pdf_parts(
    *,
    template: str,
    context: dict,
    parts: Sequence[dict],
    title: str,
    author: str,
    subject: str,
    stylesheets: Sequence[str] = (),
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
) -> bytes:
    """One plain PDF made of `parts` rendered side by side, then joined in order.

    Each part is `template` rendered with `context` updated by the part; the parts
    must not depend on each other's layout (the roll-up cuts its pages in Python
    and numbers them itself). The HTML is made here, in the calling process; forked
    processes, one per part, only run WeasyPrint on it, so they never touch the
    database. Where forking is not possible, the parts render one after another.
    The time limit applies to the whole document.
    """
    html = [
        _html(
            template, {**context, **part}, title=title, author=author, subject=subject
        )
        for part in parts
    ]
    with _time_limit(timeout_s):
        if len(html) == 1 or not _can_fork():
            pdfs = [
                _weasyprint(h, stylesheets=stylesheets, pdf_variant=None).pdf
                for h in html
            ]
        else:
            warm(stylesheets)  # the workers inherit this thread's engine
            with forked_pool(
                len(html),
                initializer=_receive_parts,
                initargs=(html, tuple(stylesheets)),
            ) as pool:
                pdfs = pool.map(_render_part, range(len(html)))
    if len(pdfs) == 1:
        return pdfs[0]
    return _join(pdfs, title=title, author=author, subject=subject)


def _join(pdfs: Sequence[bytes], *, title: str, author: str, subject: str) -> bytes:
    # Imported here: only a long roll-up needs it, and it costs every process that
    # renders (render_documents, the workers) 0.1 s at start-up.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": subject})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
