import logging

from celery import shared_task

from .models import RenderJob
from .services import run_render_job

logger = logging.getLogger(__name__)


@shared_task(name="documents.render_all", acks_late=True)
def render_all(*, job_id: int) -> int:
    """Render every document of a conference into one ZIP; return how many."""
    job = RenderJob.objects.select_related("conference").filter(pk=job_id).first()
    if job is None:
        logger.warning("Render job %s is gone; nothing rendered.", job_id)
        return 0
    return run_render_job(job).done
