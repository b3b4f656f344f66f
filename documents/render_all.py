""" "Render all": every invitation, backdrop and the programme of a conference, in
one ZIP, made by the workers in chunks (documents.tasks).

Tasks are acknowledged late, so the broker may deliver a chunk twice (a worker that
died after rendering it, a restart). A job therefore counts distinct documents: each
rendered one is recorded once (`RenderedTarget`), under a lock of the job's row, and
`done` is their count. The record that brings `done` to `total` claims the ZIP in the
same transaction, so exactly one chunk builds it however often any chunk runs. A job
whose chunks were lost is ended by the sweeper (`documents.sweep`). A job is started
by `documents.services.render_job.start_render_job`, which queues the first task.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from conference.models import Conference

from . import jobs
from .enums import JobStatus
from .models import RenderedTarget, RenderJob
from .services import cache, targets

logger = logging.getLogger(__name__)

CHUNK = 4  # documents per task: small, so no worker idles long at the end
FOLDERS = {"programme": "", "invitation": "giay-moi/", "backdrop": "maket/"}
# In `file_name` while one chunk builds the ZIP: nobody else starts it.
ZIP_CLAIMED = "…"


def target_key(target: targets.Target) -> str:
    """A document of the job as one short text: kind, point, size."""
    kind, point_id, size_id = target
    return f"{kind}:{point_id or ''}:{size_id or ''}"


def _zip_name(conference: Conference, specs: list[cache.Spec]) -> str:
    digest = hashlib.sha256("\n".join(s.name for s in specs).encode()).hexdigest()
    return f"{jobs.ZIP_FILES}/{conference.pk}/tai-lieu-{digest[:32]}.zip"


def _download_name(job: RenderJob) -> str:
    return f"tai-lieu-hoi-nghi-{job.pk}.zip"


def split_job(job: RenderJob, *, now: datetime) -> list[list[targets.Target]]:
    """Fix the job's targets and cut them into chunks for the workers.

    Only a waiting job is split: a split delivered again finds it running and
    shares nothing out twice. When every document and the ZIP of exactly these
    documents are in storage already, the job is done at once.
    """
    conference = job.conference
    ids = targets.target_ids(targets.render_targets(conference))
    started = RenderJob.objects.filter(pk=job.pk, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, total=len(ids), done=0, progress_at=now
    )
    if not started:
        return []
    zip_name = _zip_name(conference, targets.specs(conference, ids))
    if default_storage.exists(zip_name):
        RenderJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            done=len(ids),
            file_name=zip_name,
            download_name=_download_name(job),
            finished_at=now,
        )
        return []
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def record_rendered(*, job: RenderJob, target: targets.Target) -> bool:
    """Count one document of the job as rendered (once, however often it is);
    True when it completes the job and this call has claimed the ZIP."""
    with transaction.atomic():
        locked = (
            RenderJob.objects.select_for_update()
            .filter(pk=job.pk, status=JobStatus.RUNNING)
            .first()
        )
        if locked is None:  # ended meanwhile (swept, or failed)
            return False
        RenderedTarget.objects.bulk_create(
            [RenderedTarget(job=locked, target=target_key(target))],
            ignore_conflicts=True,
        )
        done = RenderedTarget.objects.filter(job=locked).count()
        claim = done >= locked.total and not locked.file_name
        RenderJob.objects.filter(pk=job.pk).update(
            done=min(done, locked.total),
            progress_at=Now(),
            **({"file_name": ZIP_CLAIMED} if claim else {}),
        )
    return claim


def render_chunk(job: RenderJob, ids: list[targets.Target]) -> bool:
    """Render one chunk, counting each distinct document; True for the call that
    completed the job (it alone builds the ZIP). A chunk of a job that has ended
    renders nothing."""
    if not RenderJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists():
        return False
    claimed = False
    for target, spec in zip(ids, targets.specs(job.conference, ids), strict=True):
        cache.stored_pdf(spec)
        claimed |= record_rendered(job=job, target=target)
    return claimed


def finish_render_job(job: RenderJob, *, now: datetime) -> RenderJob:
    """Put every document of the job (all in the cache by now) into one ZIP."""
    conference = job.conference
    specs = targets.specs(
        conference, targets.target_ids(targets.render_targets(conference))
    )
    name = _zip_name(conference, specs)
    if not default_storage.exists(name):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for count, spec in enumerate(specs, start=1):
                stored = cache.stored_pdf(spec)[0]
                archive.writestr(
                    FOLDERS[spec.kind] + stored.download_name, stored.read()
                )
                if count % 200 == 0:  # a sign of life for the sweeper
                    RenderJob.objects.filter(pk=job.pk).update(progress_at=Now())
        name = default_storage.save(name, ContentFile(buffer.getvalue()))
    RenderJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        file_name=name,
        download_name=_download_name(job),
        progress_at=now,
        finished_at=now,
    )
    job.refresh_from_db()
    return job


def fail_render_job(job: RenderJob, error: Exception, *, now: datetime) -> None:
    logger.error("Render job %s failed: %s", job.pk, error)
    jobs.fail_job(job=job, error=_(jobs.FAILED), now=now)
