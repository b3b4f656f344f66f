"""The worker's part of the dashboard's PDF jobs (`dashboard.tasks.render_pdf_job`):
render the roll-up or the printed list, report the pages done, store the file.
`dashboard.services.start_pdf_job` queues them.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from documents import jobs
from documents.enums import JobKind
from documents.models import RenderJob

from . import compiled, pdfs

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
