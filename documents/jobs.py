"""Background jobs that each make one file (`RenderJob`): one per requester and kind,
their progress, their file in storage, their end, the sweep of stuck ones and of old
files. "Render all"'s own steps are in `documents.render_all`, the sweep of stuck
jobs in `documents.sweep` (it finishes a "Render all" that only lacks its ZIP); the
dashboard's PDFs in `dashboard.pdf_jobs`.

A job's life: `start_job` (pending; the caller's task is queued after the commit),
`mark_running`, `record_progress` as it goes, then `finish_with_file` or `fail_job`.
Every step is a conditional update of the row, so a task the broker delivers twice,
or that runs after the sweeper ended its job, changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from conference.models import Conference

from .enums import ACTIVE_JOB_STATUSES, JobStatus
from .models import RenderJob

logger = logging.getLogger(__name__)

# Where the jobs' files live in storage: one folder per job, and the render-all ZIPs
# (named by their content, so two jobs of the same documents share one).
JOB_FILES = "documents/jobs"
ZIP_FILES = "documents/zips"

NOT_QUEUED = gettext_noop(
    "The job could not be handed to the background workers. Try again in a few "
    "minutes; if it fails again, tell the portal's technical staff."
)
FAILED = gettext_noop(
    "The file could not be made. Try again; if it fails again, tell the portal's "
    "technical staff."
)
STUCK = gettext_noop(
    "The job stopped before it finished (its worker was interrupted). Please start "
    "it again."
)


def active_job(*, user: User, kind: str) -> RenderJob | None:
    """The user's job of this kind that is waiting or running, if any."""
    return (
        RenderJob.objects.select_related("conference")
        .filter(requested_by=user, kind=kind, status__in=ACTIVE_JOB_STATUSES)
        .first()
    )


def latest_job(*, user: User, kind: str, conference: Conference) -> RenderJob | None:
    """The user's newest job of this kind for the conference (what the page shows)."""
    return (
        RenderJob.objects.select_related("conference")
        .filter(requested_by=user, kind=kind, conference=conference)
        .first()
    )


def jobs_of(user: User):
    """The jobs a user may follow and download: their own."""
    if not user.is_authenticated:
        return RenderJob.objects.none()
    return RenderJob.objects.select_related("conference").filter(requested_by=user)


@dataclass(frozen=True)
class Started:
    job: RenderJob
    created: bool  # False: the user's job of this kind that was already running


def start_job(
    *,
    conference: Conference,
    kind: str,
    by: User | None,
    now: datetime,
    enqueue: Callable[[int], object],
    total: int = 0,
) -> Started:
    """Create a pending job and queue it (`enqueue(job_id)`) once committed.

    A requester has one waiting or running job of a kind: when they have one (a
    double click, a second tab, requests sent at once), that job is returned and
    nothing new is queued. The database decides (a partial unique constraint), so
    two requests at the same moment cannot both create one.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                job = RenderJob.objects.create(
                    conference=conference,
                    kind=kind,
                    requested_by=by,
                    total=total,
                    progress_at=now,
                )
        except IntegrityError:
            running = active_job(user=by, kind=kind) if by is not None else None
            if running is None:  # it ended in between: a new one is allowed now
                raise
            return Started(job=running, created=False)
        transaction.on_commit(lambda: _enqueue(job, enqueue))
    return Started(job=job, created=True)


def _enqueue(job: RenderJob, enqueue: Callable[[int], object]) -> None:
    # A broker that cannot be reached must not leave a job waiting for ever, nor
    # fail the request that already committed it: the job fails with a message.
    try:
        enqueue(job.pk)
    except Exception:
        logger.exception("Job %s could not be queued.", job.pk)
        RenderJob.objects.filter(pk=job.pk, status=JobStatus.PENDING).update(
            status=JobStatus.FAILED, error=_(NOT_QUEUED)
        )


def mark_running(*, job: RenderJob, now: datetime, total: int | None = None) -> bool:
    """Move a waiting job to running (a redelivered task finds it running already
    and runs it again); False when the job has ended or is gone."""
    changes = {"status": JobStatus.RUNNING, "progress_at": now, "done": 0}
    if total is not None:
        changes["total"] = total
    updated = RenderJob.objects.filter(
        pk=job.pk, status__in=ACTIVE_JOB_STATUSES
    ).update(**changes)
    return bool(updated)


def record_progress(*, job: RenderJob, done: int, total: int, now: datetime) -> None:
    """Record how far a running job is (what the progress bar shows)."""
    RenderJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        done=min(done, total), total=total, progress_at=now
    )


def store_file(*, folder: str, name: str, content: bytes) -> str:
    """Save a job's file in storage; return its storage name."""
    return default_storage.save(f"{folder}/{name}", ContentFile(content))


def finish_with_file(
    *, job: RenderJob, content: bytes, download_name: str, now: datetime
) -> RenderJob:
    """Store the job's file and mark it done; a job that ended meanwhile (swept)
    keeps its end, and the file is dropped."""
    name = store_file(
        folder=f"{JOB_FILES}/{job.pk}", name=download_name, content=content
    )
    updated = RenderJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        file_name=name,
        download_name=download_name,
        done=F("total"),
        progress_at=now,
        finished_at=now,
    )
    if not updated:
        default_storage.delete(name)
    job.refresh_from_db()
    return job


def fail_job(*, job: RenderJob, error: str, now: datetime) -> None:
    """End a waiting or running job with a message its requester reads."""
    RenderJob.objects.filter(pk=job.pk, status__in=ACTIVE_JOB_STATUSES).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=now
    )


# ---------------------------------------------------------------- the sweeper


def delete_old_jobs(*, now: datetime) -> tuple[int, int]:
    """Delete jobs that ended before the keeping time, then every job file older than
    it that no remaining job refers to; return (jobs, files) deleted."""
    keep_after = now - timedelta(hours=settings.JOBS_KEEP_FILES_HOURS)
    old = RenderJob.objects.filter(
        ~Q(status__in=ACTIVE_JOB_STATUSES),
        Q(finished_at__lt=keep_after)
        | Q(finished_at__isnull=True, created_at__lt=keep_after),
    )
    deleted_jobs = old.count()
    old.delete()
    kept = set(
        RenderJob.objects.exclude(file_name="").values_list("file_name", flat=True)
    )
    deleted_files = 0
    for name in files_under(JOB_FILES) + files_under(ZIP_FILES):
        if name in kept:
            continue
        try:
            if default_storage.get_modified_time(name) >= keep_after:
                continue
            default_storage.delete(name)
        except (FileNotFoundError, OSError):
            continue
        deleted_files += 1
    return deleted_jobs, deleted_files


def files_under(folder: str) -> list[str]:
    """Every file under a storage folder, however deep (storage names)."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, OSError):
        return []
    names = [str(PurePosixPath(folder, f)) for f in files]
    for sub in folders:
        names += files_under(str(PurePosixPath(folder, sub)))
    return names
