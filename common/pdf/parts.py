"""A long document rendered in parts side by side, in processes forked from this one.

The parts' HTML is made in the calling process; the forked processes only run
WeasyPrint on it, so they never touch the database, and inherit the caller's warmed
engine.
"""

from __future__ import annotations

import contextlib
import gc
import io
import multiprocessing
import multiprocessing.pool
import os
import threading
from collections.abc import Callable, Iterator, Sequence

from .engine import warm, weasyprint
from .render import DEFAULT_TIMEOUT_S, html, time_limit

# In a forked process of `render_pdf_parts`: the parts' HTML and stylesheets, given
# by the pool's initializer. A fork hands them over without pickling, and each call
# has its own pool: nothing is shared between two renders.
_parts: dict = {"html": [], "stylesheets": ()}

# How much lower the processes rendering parts run than the rest of the machine
# (os.nice): a long PDF takes whatever CPU is idle, and a request served on the
# same host (a login) comes first. They end with the document.
PARTS_NICENESS = 10


def receive_parts(html: list[str], stylesheets: tuple[str, ...]) -> None:
    """The pool's initializer, in each forked process."""
    _parts.update(html=html, stylesheets=stylesheets)
    os.nice(PARTS_NICENESS)


def _render_part(index: int) -> tuple[int, bytes]:
    """In a forked process: WeasyPrint on the part's HTML (made by the parent)."""
    return index, weasyprint(
        _parts["html"][index], stylesheets=_parts["stylesheets"], pdf_variant=None
    ).pdf


def _can_fork() -> bool:
    """Forking is safe here: a platform with fork and the main thread (a fork from
    another thread inherits locks other threads may hold, and frees their objects)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


def _fork_context():
    """The fork context that may start processes from this one.

    Python's multiprocessing refuses children to a daemonic process, which a Celery
    prefork child is: there, billiard's (Celery's own fork of multiprocessing, the
    pool the worker itself runs on) starts them, with the same API.
    """
    if multiprocessing.current_process().daemon:
        import billiard

        return billiard.get_context("fork")
    return multiprocessing.get_context("fork")


@contextlib.contextmanager
def forked_pool(processes: int, **options) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of processes forked from this one, which render with what it holds.

    While the pool lives, the objects of this process are frozen out of the garbage
    collector (`gc.freeze`, as Python's documentation advises before a fork): a
    collection in a child would otherwise write to every object it inherited, and
    the system copy each page of them. They are handed back to the collector once
    the pool is closed.
    """
    gc.freeze()
    try:
        with _fork_context().Pool(processes, **options) as pool:
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
    processes: int | None = None,
    on_part: Callable[[int], None] | None = None,
) -> bytes:
    """One plain PDF made of `parts` rendered side by side, then joined in order.

    Each part is `template` rendered with `context` updated by the part; the parts
    must not depend on each other's layout (the roll-up cuts its pages in Python
    and numbers them itself). The HTML is made here, in the calling process; forked
    processes (`processes` of them, default one per part) only run WeasyPrint on it,
    so they never touch the database. Where forking is not possible, the parts
    render one after another. `on_part`, when given, is called here with each
    part's index as soon as that part is rendered (a job's progress). The time limit
    applies to the whole document.
    """
    sources = [
        html(template, {**context, **part}, title=title, author=author, subject=subject)
        for part in parts
    ]
    pdfs: list[bytes] = [b""] * len(sources)
    with time_limit(timeout_s):
        if len(sources) == 1 or processes == 1 or not _can_fork():
            for index, source in enumerate(sources):
                pdfs[index] = weasyprint(
                    source, stylesheets=stylesheets, pdf_variant=None
                ).pdf
                if on_part:
                    on_part(index)
        else:
            warm(stylesheets)  # the workers inherit this thread's engine
            with forked_pool(
                min(processes or len(sources), len(sources)),
                initializer=receive_parts,
                initargs=(sources, tuple(stylesheets)),
            ) as pool:
                for index, pdf in pool.imap_unordered(
                    _render_part, range(len(sources))
                ):
                    pdfs[index] = pdf
                    if on_part:
                        on_part(index)
    if len(pdfs) == 1:
        return pdfs[0]
    return _join(pdfs, title=title, author=author, subject=subject)


def _join(pdfs: Sequence[bytes], *, title: str, author: str, subject: str) -> bytes:
    # Imported here: only a long document needs it, not every process that renders.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": subject})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
