""" "Render all" through a real worker on Redis: split, chunks, one ZIP."""

import io
import time
import zipfile

import pytest
from django.core.files.storage import default_storage

from documents import services
from documents.models import BackdropSize, RenderJob
from documents.tasks import render_all
from tests import factories

pytestmark = pytest.mark.integration


def test_render_all_through_the_worker_ends_in_one_zip(
    celery_worker_on_redis, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Exactly one size: the migration's rows are gone after other transactional tests.
    BackdropSize.objects.all().delete()
    BackdropSize.objects.create(name="Màn hình 16:9", width_mm=3200, height_mm=1800)
    conference = factories.ConferenceFactory()
    factories.MainPointFactory(conference=conference)
    for code in ("01", "27", "31", "46", "48", "79", "92", "96", "95", "94"):
        unit = factories.UnitFactory(unit_set=conference.unit_set, code=code)
        factories.BridgePointFactory(conference=conference, unit=unit)
    job = RenderJob.objects.create(
        conference=conference, total=len(services.render_targets(conference))
    )
    assert job.total == 1 + 10 + 11  # programme, invitations, backdrops

    render_all.delay(job_id=job.pk)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in ("done", "failed"):
            break
        time.sleep(0.2)
    assert (job.status, job.done, job.error) == ("done", 22, "")
    with default_storage.open(job.zip_name, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == 22
    assert "chuong-trinh-hoi-nghi.pdf" in names
