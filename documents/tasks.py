""" "Render all" on the workers: one task splits the job, chunk tasks render in
parallel, and the chunk that completes the job writes the ZIP; the sweeper of every
background job (stuck ones, old files)."""

import gc
import logging

from celery import shared_task
from celery.signals import worker_init
from django.utils import timezone

from common.pdf import engine

from . import render_all as render_all_job
from . import sweep
from .models import RenderJob
from .services import cache, rendered

logger = logging.getLogger(__name__)


@worker_init.connect
def _warm_renderer(**kwargs) -> None:
    """Warm the renderer in the worker's main process, before it starts its pool.

    The prefork children inherit the font configuration, the parsed stylesheets and
    the loaded faces (the pool is forked from this thread), instead of each paying
    for them on its first document. What this process holds by now lives as long
    as the worker: frozen out of the garbage collector (`gc.freeze`), so that the
    children's collections neither walk it nor copy its pages (see
    `common.pdf.parts.forked_pool`). Failing here must not stop the worker.
    """
    try:
        cache.renderer_fingerprint()
        engine.warm(
            sorted({p for sheets in rendered.STYLESHEETS.values() for p in sheets}),
            fonts=True,
        )
    except Exception:
        logger.exception("Could not warm the PDF renderer; it warms on first use.")
    gc.freeze()


def _job(job_id: int) -> RenderJob | None:
    job = RenderJob.objects.select_related("conference").filter(pk=job_id).first()
    if job is None:
        logger.warning("Render job %s is gone; nothing rendered.", job_id)
    return job


@shared_task(name="documents.render_all", acks_late=True)
def render_all(*, job_id: int) -> int:
    """Split a job into chunks for the workers; return how many chunks."""
    job = _job(job_id)
    if job is None:
        return 0
    try:
        chunks = render_all_job.split_job(job, now=timezone.now())
    except Exception as exc:
        render_all_job.fail_render_job(job, exc, now=timezone.now())
        raise
    for chunk in chunks:
        render_chunk.delay(job_id=job_id, ids=chunk)
    return len(chunks)


# Each render has its own limit (`common.pdf.render`); a chunk gets Celery's too.
@shared_task(
    name="documents.render_chunk", acks_late=True, soft_time_limit=300, time_limit=360
)
def render_chunk(*, job_id: int, ids: list) -> int:
    """Render a chunk of a job's documents; the chunk that completes it makes the ZIP.

    Delivered twice (acknowledged late), it renders from the cache and counts
    nothing twice (documents.render_all).
    """
    job = _job(job_id)
    if job is None:
        return 0
    try:
        if render_all_job.render_chunk(job, [tuple(i) for i in ids]):
            render_all_job.finish_render_job(job, now=timezone.now())
    except Exception as exc:
        render_all_job.fail_render_job(job, exc, now=timezone.now())
        raise
    return len(ids)


@shared_task(name="documents.sweep_jobs", acks_late=True)
def sweep_jobs() -> int:
    """End the jobs that stopped moving, finish the render-all jobs that only lack
    their ZIP, and delete old jobs and their files; return how many jobs ended."""
    swept = sweep.sweep_jobs(now=timezone.now())
    if swept.deleted_jobs or swept.deleted_files:
        logger.info(
            "Deleted %s old jobs and %s old job files.",
            swept.deleted_jobs,
            swept.deleted_files,
        )
    return len(swept.failed) + len(swept.finished)
