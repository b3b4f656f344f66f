"""The sweeper of the background jobs (`tasks.sweep_jobs`, beat, every five
minutes): jobs that stopped moving end, a "Render all" that only lacks its ZIP is
finished, old jobs and files go.

Above both `jobs` (every kind of job) and `render_all` (one kind's steps), which
`render_all` itself builds on: here, neither imports the other's importer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from . import jobs, render_all
from .enums import ACTIVE_JOB_STATUSES, JobKind, JobStatus
from .models import RenderJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sweep:
    failed: list[int]
    finished: list[int]  # render-all jobs whose documents were all in storage
    deleted_jobs: int
    deleted_files: int


def sweep_jobs(*, now: datetime) -> Sweep:
    """End the jobs that show no progress for `JOBS_STUCK_AFTER_MINUTES`, and drop
    the jobs and files finished more than `JOBS_KEEP_FILES_HOURS` ago.

    A stuck job lost its worker or its messages (a killed worker's message comes
    back only after the broker's visibility timeout). A "Render all" whose documents
    are all counted only lacks its ZIP: it is made here. Any other stuck job fails
    with a message, and its requester may start it again.
    """
    stuck_before = now - timedelta(minutes=settings.JOBS_STUCK_AFTER_MINUTES)
    silent = Q(progress_at__lt=stuck_before) | Q(
        progress_at__isnull=True, created_at__lt=stuck_before
    )
    stuck = list(
        RenderJob.objects.filter(silent, status__in=ACTIVE_JOB_STATUSES).values_list(
            "pk", "kind", "done", "total"
        )
    )
    failed, finished = [], []
    for pk, kind, done, total in stuck:
        if kind == JobKind.RENDER_ALL and total and done >= total:
            # Its claim of the ZIP died with its worker: taken over here.
            claimed = RenderJob.objects.filter(
                silent, pk=pk, status=JobStatus.RUNNING
            ).update(progress_at=now)
            if claimed:
                job = RenderJob.objects.select_related("conference").get(pk=pk)
                try:
                    render_all.finish_render_job(job, now=now)
                except Exception as exc:
                    render_all.fail_render_job(job, exc, now=now)
                finished.append(pk)
            continue
        ended = RenderJob.objects.filter(
            silent, pk=pk, status__in=ACTIVE_JOB_STATUSES
        ).update(status=JobStatus.FAILED, error=_(jobs.STUCK), finished_at=now)
        if ended:
            logger.warning(
                "Job %s showed no progress since %s: failed.", pk, stuck_before
            )
            failed.append(pk)
    deleted_jobs, deleted_files = jobs.delete_old_jobs(now=now)
    return Sweep(
        failed=failed,
        finished=finished,
        deleted_jobs=deleted_jobs,
        deleted_files=deleted_files,
    )
