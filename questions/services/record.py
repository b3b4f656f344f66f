"""The conference record as a background job: the request makes the job (here), a
worker renders the PDF (`record_export`, run by `tasks.export_record`), the page
polls its progress. Two modules, so that the task never imports the module that
queues it."""

from datetime import datetime, timedelta

from django.db import transaction

from conference.models import Conference

from ..enums import ExportStatus
from ..models import RecordExport
from ..tasks import export_record

# A job still unfinished after this long lost its worker: a new request starts anew.
STALE_AFTER = timedelta(minutes=15)


@transaction.atomic
def start_record_export(*, conference: Conference, by, now: datetime) -> RecordExport:
    """Queue the record's PDF; a job of the same user still running is returned
    instead of a second one."""
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
