"""The worker's part of the record's export job: render the PDF and store it
(`tasks.export_record`; the job is made by `services.record.start_record_export`)."""

import logging
from datetime import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from ..enums import ExportStatus
from ..models import RecordExport
from ..record.pdf import record_pdf
from ..record.rows import record_of

logger = logging.getLogger(__name__)


def run_record_export(
    *, job: RecordExport, now: datetime | None = None
) -> RecordExport:
    """Render the record of the job's conference and store it; mark the job done,
    or failed with the error."""
    updated = RecordExport.objects.filter(
        pk=job.pk, status=ExportStatus.PENDING
    ).update(status=ExportStatus.RUNNING)
    if not updated:  # done by a delivery before this one
        job.refresh_from_db()
        return job
    try:
        record = record_of(conference=job.conference, now=now or timezone.now())
        pdf = record_pdf(record)
        job.refresh_from_db()
        job.file.save("ban-ghi.pdf", ContentFile(pdf), save=False)
    except Exception as error:
        logger.exception("Record export %s failed", job.pk)
        RecordExport.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        raise
    job.status, job.finished_at = ExportStatus.DONE, timezone.now()
    job.save(update_fields=["file", "status", "finished_at"])
    return job
