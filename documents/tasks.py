""" "Render all" on the workers: one task splits the job, chunk tasks render in
parallel, and the chunk that completes the job writes the ZIP."""

import gc
import logging

from celery import shared_task
from celery.signals import worker_init

from . import rendering, services
from .models import RenderJob

logger = logging.getLogger(__name__)


@worker_init.connect
def _warm_renderer(**kwargs) -> None:
    """Warm the renderer in the worker's main process, before it starts its pool.

    The prefork children inherit the font configuration, the parsed stylesheets and
    the loaded faces (the pool is forked from this thread), instead of each paying
    ~0.2 s on its first document. What this process holds by now lives as long
    as the worker: frozen out of the garbage collector (`gc.freeze`), so that the
    children's collections neither walk it nor copy its pages (see
    `rendering.forked_pool`). Failing here must not stop the worker.
    """
    try:
        services.renderer_fingerprint()
        rendering.warm(
            sorted({p for sheets in services.STYLESHEETS.values() for p in sheets}),
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
    chunks = services.split_job(job)
    for chunk in chunks:
        render_chunk.delay(job_id=job_id, ids=chunk)
    return len(chunks)


# Each render has its own limit (documents.rendering); a chunk of 8 gets Celery's too.
@shared_task(
    name="documents.render_chunk", acks_late=True, soft_time_limit=300, time_limit=360
)
def render_chunk(*, job_id: int, ids: list) -> int:
    job = _job(job_id)
    if job is None:
        return 0
    try:
        if services.render_chunk(job, [tuple(i) for i in ids]):
            services.finish_job(job)
    except Exception as exc:
        services.fail_job(job, exc)
        raise
    return len(ids)
