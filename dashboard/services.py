"""The dashboard's writes: its long PDFs (the roll-up, the printed list of chairs and
delegates) as background jobs of the documents app (`documents.jobs`).

A request only creates the job (or finds the requester's running one), here; a
worker renders the PDF (`dashboard.tasks.render_pdf_job`, which runs
`dashboard.pdf_jobs.run_pdf_job`), reporting the pages done, and stores it for the
requester to download. The worker's part is a module of its own: this one queues
the task, and the task must not import what imports it.
"""

from __future__ import annotations

from datetime import datetime

from accounts.models import User
from conference.models import Conference
from documents import jobs
from documents.enums import JobKind

from . import compiled, pdf_jobs
from .selectors import delegate_total
from .tasks import render_pdf_job


def start_pdf_job(
    *, conference: Conference, kind: str, by: User, now: datetime
) -> jobs.Started:
    """Queue the roll-up or the printed list as a background job for `by`, or return
    their job of that kind that is already waiting or running.

    The printed list past `compiled.MAX_DELEGATES` is refused at once
    (`compiled.TooManyDelegates`), before any job.
    """
    if kind not in pdf_jobs.PDF_BUILDERS:
        raise ValueError(f"not a dashboard PDF: {kind}")
    if kind == JobKind.COMPILED_PDF:
        count = delegate_total(conference=conference)
        if count > compiled.MAX_DELEGATES:
            raise compiled.TooManyDelegates(count)
    return jobs.start_job(
        conference=conference,
        kind=kind,
        by=by,
        now=now,
        enqueue=lambda job_id: render_pdf_job.delay(job_id=job_id),
    )
