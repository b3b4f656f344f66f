"""A "Render all" job run to its end in the test's process, without a worker."""

from datetime import datetime

from documents import render_all
from documents.models import RenderJob


def run_render_job(job: RenderJob, *, now: datetime) -> RenderJob:
    """The whole "Render all" job in the test's process, in the order the workers
    run its steps: split, render each chunk, ZIP."""
    try:
        chunks = render_all.split_job(job, now=now)
        claimed = False
        for chunk in chunks:
            claimed |= render_all.render_chunk(job, chunk)
        if claimed:
            return render_all.finish_render_job(job, now=now)
        job.refresh_from_db()
        return job
    except Exception as exc:
        render_all.fail_render_job(job, exc, now=now)
        raise
