"""The dashboard's writes: its long PDFs (the roll-up, the printed list of chairs and
delegates) as background jobs of the documents app (`documents.jobs`).

A request only creates the job (or finds the requester's running one); a worker
renders the PDF (`dashboard.tasks.render_pdf_job`), reporting the pages done, and
stores it for the requester to download.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from conference.models import Conference
from documents import jobs
from documents.enums import JobKind
from documents.models import RenderJob

from . import compiled, pdfs
from .selectors import delegate_total

logger = logging.getLogger(__name__)

PDF_BUILDERS = {
    JobKind.ROLLUP_PDF: pdfs.build_rollup_pdf,
    JobKind.COMPILED_PDF: compiled.build_compiled_pdf,
}


def too_many_delegates_message(count: int) -> str:
    return _(
        "%(count)s delegates are too many for one printed list (at most "
        "%(limit)s): download every delegate as .xlsx instead."
    ) % {
        "count": number_format(count, force_grouping=True),
        "limit": number_format(compiled.MAX_DELEGATES, force_grouping=True),
    }


def start_pdf_job(
    *, conference: Conference, kind: str, by: User, now: datetime
) -> jobs.Started:
    """Queue the roll-up or the printed list as a background job for `by`, or return
    their job of that kind that is already waiting or running.

    The printed list past `compiled.MAX_DELEGATES` is refused at once
    (`compiled.TooManyDelegates`), before any job.
    """
    from .tasks import render_pdf_job

    if kind not in PDF_BUILDERS:
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


def run_pdf_job(*, job: RenderJob, now: datetime) -> RenderJob:
    """Render the job's PDF as of `now`, recording the pages done, and store it.

    A job that has ended (swept, or done by an earlier delivery) is left as it is.
    """
    if not jobs.mark_running(job=job, now=now):
        return job

    def progress(done: int, total: int) -> None:
        jobs.record_progress(job=job, done=done, total=total, now=timezone.now())

    try:
        export = PDF_BUILDERS[JobKind(job.kind)](
            conference=job.conference, now=now, progress=progress
        )
    except compiled.TooManyDelegates as too_many:
        jobs.fail_job(
            job=job,
            error=too_many_delegates_message(too_many.args[0]),
            now=timezone.now(),
        )
        job.refresh_from_db()
        return job
    except Exception:
        logger.exception("PDF job %s failed.", job.pk)
        jobs.fail_job(job=job, error=_(jobs.FAILED), now=timezone.now())
        raise
    return jobs.finish_with_file(
        job=job,
        content=export.content,
        download_name=export.file_name,
        now=timezone.now(),
    )
