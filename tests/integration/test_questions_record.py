"""The conference record's PDF through a real worker on Redis: the request queues
the job after its commit, the worker renders it, the page finds it done."""

import time

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from questions.enums import ExportStatus
from questions.models import RecordExport
from questions.services import questions
from tests import factories
from tests.documents import pdfcheck
from tests.otp import login_verified

pytestmark = pytest.mark.integration


def test_the_record_pdf_is_rendered_by_the_worker(
    celery_worker_on_redis, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    conference = factories.ConferenceFactory(starts_at=now + timezone.timedelta(days=5))
    unit = factories.UnitFactory(
        unit_set=conference.unit_set, code="48", name="Đà Nẵng"
    )
    point = factories.BridgePointFactory(conference=conference, unit=unit)
    staff = factories.province_staff(unit, username="snv-48-worker")
    questions.submit_question(
        point=point,
        data={"kind": "question", "topic": "scoring", "text": "Câu hỏi của Đà Nẵng."},
        by=staff,
        now=now,
    )
    organiser = Client()
    login_verified(organiser, factories.organiser(username="cchc-worker"))

    response = organiser.post(
        reverse("questions:record_pdf", args=[conference.slug]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    job = RecordExport.objects.get()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.status not in ("done", "failed"):
        time.sleep(0.2)
        job.refresh_from_db()
    assert (job.status, job.error) == (ExportStatus.DONE, "")
    with default_storage.open(job.file.name, "rb") as handle:
        assert "Câu hỏi của Đà Nẵng." in pdfcheck.flat_text(handle.read())
