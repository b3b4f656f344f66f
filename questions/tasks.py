"""The record's PDF on a worker."""

import logging

from celery import shared_task

from .models import RecordExport
from .services.record_export import run_record_export

logger = logging.getLogger(__name__)


@shared_task(
    name="questions.export_record", acks_late=True, soft_time_limit=300, time_limit=360
)
def export_record(*, job_id: int) -> str:
    """Render the conference record of a job; return its status."""
    job = RecordExport.objects.select_related("conference").filter(pk=job_id).first()
    if job is None:
        logger.warning("Record export %s is gone; nothing rendered.", job_id)
        return "gone"
    return run_record_export(job=job).status
