"""Start "Render all" as a background job: the request's part. The workers' part
(splitting, rendering in chunks, the ZIP) is `documents.render_all`, run by
`documents.tasks`, which this module queues and which must not import it back.
"""

from __future__ import annotations

from datetime import datetime

from accounts.models import User
from conference.models import Conference

from .. import jobs
from ..enums import JobKind
from ..tasks import render_all
from . import targets


def start_render_job(*, conference: Conference, by: User | None, now: datetime):
    """Queue "Render all" (or return the requester's running one); the workers
    share it out in chunks."""
    return jobs.start_job(
        conference=conference,
        kind=JobKind.RENDER_ALL,
        by=by,
        now=now,
        enqueue=lambda job_id: render_all.delay(job_id=job_id),
        total=len(targets.render_targets(conference)),
    )
