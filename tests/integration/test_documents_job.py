"""Background jobs through a real worker on Redis: "Render all" (split, chunks, one
ZIP) and the dashboard's roll-up PDF."""

import io
import time
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from dashboard import services as dashboard_services
from documents.models import BackdropSize, RenderJob
from documents.services import targets
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
        conference=conference, total=len(targets.render_targets(conference))
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
    with default_storage.open(job.file_name, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == 22
    assert "chuong-trinh-hoi-nghi.pdf" in names


def _wait_for_end(job: RenderJob, seconds: float = 120) -> RenderJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in ("done", "failed"):
            break
        time.sleep(0.2)
    return job


def test_the_roll_up_pdf_job_through_the_worker_ends_in_its_pdf(
    celery_worker_on_redis, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    conference = factories.ConferenceFactory()
    factories.MainPointFactory(conference=conference)
    for n in range(40):
        unit = factories.UnitFactory(unit_set=conference.unit_set, code=f"{n + 10:02d}")
        factories.BridgePointFactory(conference=conference, unit=unit)
    user = factories.organiser(username="cchc-worker")

    started = dashboard_services.start_pdf_job(
        conference=conference, kind="rollup_pdf", by=user, now=timezone.now()
    )  # autocommit: queued at once

    job = _wait_for_end(started.job)
    assert (job.status, job.error, job.done) == ("done", "", job.total)
    with default_storage.open(job.file_name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == job.total == 2
    assert "41 điểm cầu" in reader.pages[0].extract_text()
