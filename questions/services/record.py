"""The conference record as a background job: the request makes the job, a worker
renders the PDF, the page polls its progress."""

import logging
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from conference.models import Conference

from ..enums import ExportStatus
from ..models import RecordExport
from ..record.pdf import record_pdf
from ..record.rows import record_of

logger = logging.getLogger(__name__)

# A job still unfinished after this long lost its worker: a new request starts anew.
STALE_AFTER = timedelta(minutes=15)


@transaction.atomic
def start_record_export(*, conference: Conference, by, now: datetime) -> RecordExport:
    """Queue the record's PDF; a job of the same user still running is returned
    instead of a second one."""
    from ..tasks import export_record

    running = (
        RecordExport.objects.select_for_update()
        .filter(
            conference=conference,
            requested_by=by,
            status__in=(ExportStatus.PENDING, ExportStatus.RUNNING),
            created_at__gte=now - STALE_AFTER,
        )
        .first()
    )
    if running is not None:
        return running
    job = RecordExport.objects.create(
        conference=conference, requested_by=by, created_at=now
    )
    transaction.on_commit(lambda: export_record.delay(job_id=job.pk))
    return job


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
