"""One document: a Django template rendered to PDF bytes.

Every PDF the portal makes goes through `render_pdf` (the invitation, the programme,
the backdrops, the questions' record) or, for a long document cut into independent
parts rendered side by side, `parts.render_pdf_parts` (the dashboard's roll-up and
compiled list). Both guarantee:

- the shipped fonts only (`static/fonts/`, Liberation Serif: Times New Roman metrics,
  every Vietnamese diacritic), declared once in `static/pdf/fonts.css`;
- a URL fetcher that serves the project's static files and media and nothing else
  (`fetcher`);
- PDF metadata (title, author, subject) and PDF/A-3b by default;
- a time limit per render (`RenderTimeout`);
- on request, an empty signature field over the signer's block (`signing`),
  written with the PDF itself.

Templates extend `templates/pdf/base.html`; user data reaches them only through the
context, so Django's autoescaping applies.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator, Sequence
from functools import partial

from django.template.loader import render_to_string

from .engine import PDF_A, Rendered, weasyprint
from .signing import signature_finisher

DEFAULT_TIMEOUT_S = 20.0

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "PDF_A",
    "RenderError",
    "RenderTimeout",
    "Rendered",
    "render",
    "render_pdf",
]


class RenderError(Exception):
    """A document could not be rendered."""


class RenderTimeout(RenderError):
    """A render took longer than its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
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


def html(template: str, context: dict, *, title: str, author: str, subject: str) -> str:
    """The template's HTML, with the metadata `pdf/base.html` puts in its head."""
    return render_to_string(
        template,
        {**context, "pdf_title": title, "pdf_author": author, "pdf_subject": subject},
    )


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
    source = html(template, context, title=title, author=author, subject=subject)
    with time_limit(timeout_s):
        return weasyprint(
            source,
            stylesheets=stylesheets,
            css=css,
            pdf_variant=pdf_variant,
            finisher=(
                partial(signature_finisher, name=signature_field)
                if signature_field
                else None
            ),
        )


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
    template's `#signature-space` (`signing`). Raises `RenderTimeout` past
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
