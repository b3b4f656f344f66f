"""The dashboard's long PDFs on the workers (queued by dashboard.services)."""

import logging

from celery import shared_task
from django.utils import timezone

from documents.models import RenderJob

from . import pdf_jobs

logger = logging.getLogger(__name__)


# The renderer stops a PDF at 300 s (`common.pdf`); Celery's limits are the
# backstop of a worker that hangs outside it.
@shared_task(
    name="dashboard.render_pdf_job",
    acks_late=True,
    soft_time_limit=330,
    time_limit=400,
)
def render_pdf_job(*, job_id: int) -> str:
    """Render the roll-up or the printed list of a job; return its status."""
    job = (
        RenderJob.objects.select_related("conference")
        .filter(pk=job_id, kind__in=pdf_jobs.PDF_BUILDERS)
        .first()
    )
    if job is None:
        logger.warning("PDF job %s is gone; nothing rendered.", job_id)
        return "gone"
    return pdf_jobs.run_pdf_job(job=job, now=timezone.now()).status
