"""The dashboard's long PDFs are background jobs: a request starts one (or shows the
requester's running one), a worker renders it reporting its pages, its requester
downloads it. Issue 16 item 5: five requests at once held every web worker."""

import io
import threading
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dashboard import pdfs, services, tasks
from documents import jobs
from documents.models import RenderJob
from tests import factories
from tests.factories import VN
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

ALREADY_RUNNING = (
    "Tệp bạn yêu cầu trước đó vẫn đang được tạo; tiến độ hiển thị dưới đây."
)


def _post(client, name, conference, **headers):
    return client.post(reverse(f"dashboard:{name}", args=[conference.slug]), **headers)


def _file_url(job) -> str:
    return reverse("documents:job_file", args=[job.conference.slug, job.pk])


def _progress_url(job) -> str:
    return reverse("documents:job_progress", args=[job.conference.slug, job.pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["export_pdf", "export_compiled_pdf"])
def test_the_button_starts_one_job_and_a_second_click_shows_it(
    name, two_points, organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = _post(organiser_client, name, two_points, HTTP_HX_REQUEST="true")
        second = _post(organiser_client, name, two_points, HTTP_HX_REQUEST="true")

    job = RenderJob.objects.get()
    assert (job.kind, job.status, job.requested_by.username) == (
        {"export_pdf": "rollup_pdf", "export_compiled_pdf": "compiled_pdf"}[name],
        "pending",
        "cchc-test",
    )
    assert len(queued) == 1
    for response in (first, second):
        html = response.content.decode()
        assert f'hx-get="{_progress_url(job)}"' in html
        assert f'id="job-{job.kind}"' in html
    assert ALREADY_RUNNING not in first.content.decode()
    assert ALREADY_RUNNING in second.content.decode()


def test_without_htmx_the_button_goes_back_to_the_dashboard_showing_the_job(
    two_points, organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = _post(organiser_client, "export_pdf", two_points, follow=True)

    job = RenderJob.objects.get()
    assert response.redirect_chain == [
        (reverse("dashboard:rollup", args=[two_points.slug]), 302)
    ]
    html = response.content.decode()
    assert "Tệp PDF đang được tạo; khi xong, bấm tải về ngay tại đây." in html
    assert f'hx-get="{_progress_url(job)}"' in html
    assert "vendor/htmx/htmx.min.js" in html


def test_the_worker_renders_the_pages_reporting_them_and_the_requester_downloads(
    two_points, organiser_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 1)
    monkeypatch.setattr(pdfs, "PART_PAGES", 1)
    for n in range(70):  # three pages of rows
        unit = factories.UnitFactory(unit_set=two_points.unit_set, code=f"9{n:04d}")
        factories.BridgePointFactory(
            conference=two_points, unit=unit, name=f"Điểm cầu số {n}"
        )
    with django_capture_on_commit_callbacks():
        _post(organiser_client, "export_pdf", two_points, HTTP_HX_REQUEST="true")
    job = RenderJob.objects.get()
    seen = []
    record = jobs.record_progress

    def spy(**kwargs):
        record(**kwargs)
        current = RenderJob.objects.get(pk=job.pk)
        seen.append((current.status, current.done, current.total))

    monkeypatch.setattr(jobs, "record_progress", spy)

    assert tasks.render_pdf_job(job_id=job.pk) == "done"

    job.refresh_from_db()
    assert seen == [("running", done, 3) for done in range(4)]
    assert (job.status, job.done, job.total, job.error) == ("done", 3, 3, "")
    assert job.finished_at is not None and job.file_name.endswith(".pdf")
    progress = organiser_client.get(_progress_url(job)).content.decode()
    assert "3/3 trang" in progress and "hx-get" not in progress
    assert f'href="{_file_url(job)}"' in progress
    response = organiser_client.get(_file_url(job))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(_body(response)))
    assert len(reader.pages) == 3
    assert "Điểm cầu số 69" in " ".join(p.extract_text() for p in reader.pages)


def test_progress_is_reported_in_pages_as_each_part_ends(conference, monkeypatch):
    monkeypatch.setattr(pdfs, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(pdfs, "PART_PAGES", 1)
    rows = [
        {
            "code": f"{n:05d}",
            "name": f"Điểm cầu UBND xã Số {n}",
            "region": "Trung",
            "chair": "Có",
            "delegates": "30",
            "status": "Chưa bắt đầu",
            "readiness": "Chưa kiểm tra",
            "submitted_at": "",
        }
        for n in range(1, 121)
    ]
    reported = []
    now = datetime(2022, 11, 21, 16, 5, tzinfo=VN)

    pdf = pdfs.rollup_pdf(
        conference=conference,
        rows=rows,
        now=now,
        jobs=2,
        progress=lambda done, total: reported.append((done, total)),
    )

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 4
    assert reported == [(done, pages) for done in range(pages + 1)]


def test_only_the_requester_downloads_a_job(
    two_points,
    organiser_client,
    admin_client_role,
    technician_client,
    hanoi_client,
    client,
    django_capture_on_commit_callbacks,
):
    """The file is a snapshot its requester asked for: another organiser (or an
    admin) starts their own. Everyone else is refused as the dashboard refuses them."""
    with django_capture_on_commit_callbacks():
        _post(organiser_client, "export_pdf", two_points, HTTP_HX_REQUEST="true")
    job = RenderJob.objects.get()
    tasks.render_pdf_job(job_id=job.pk)
    other_organiser = Client()
    login_verified(other_organiser, factories.organiser(username="cchc-2"))

    assert organiser_client.get(_file_url(job)).status_code == 200
    assert organiser_client.get(_progress_url(job)).status_code == 200
    for url in (_file_url(job), _progress_url(job)):
        assert other_organiser.get(url).status_code == 404
        assert admin_client_role.get(url).status_code == 404
        assert technician_client.get(url).status_code == 404
        assert hanoi_client.get(url).status_code == 404
        assert client.get(url).status_code == 302
    # Under another conference's address, the requester's own job is not found either.
    other = factories.ConferenceFactory()
    assert (
        organiser_client.get(
            reverse("documents:job_file", args=[other.slug, job.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["export_pdf", "export_compiled_pdf"])
def test_who_may_start_a_pdf_job(
    name,
    two_points,
    organiser_client,
    admin_client_role,
    technician_client,
    hanoi_client,
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks():
        assert _post(organiser_client, name, two_points).status_code == 302
        assert _post(admin_client_role, name, two_points).status_code == 302
        assert _post(technician_client, name, two_points).status_code == 403
        assert _post(hanoi_client, name, two_points).status_code == 404
        assert _post(client, name, two_points).status_code == 302
    url = reverse(f"dashboard:{name}", args=[two_points.slug])
    assert organiser_client.get(url).status_code == 405  # never rendered in a GET
    assert sorted(
        RenderJob.objects.values_list("requested_by__username", flat=True)
    ) == [
        "admin-test",
        "cchc-test",
    ]


def test_the_dashboard_shows_the_requesters_latest_jobs(two_points, organiser_client):
    organiser = organiser_client.get(
        reverse("dashboard:rollup", args=[two_points.slug])
    ).wsgi_request.user
    done = RenderJob.objects.create(
        conference=two_points,
        kind="rollup_pdf",
        requested_by=organiser,
        status="done",
        total=4,
        done=4,
        file_name="documents/jobs/1/tong-hop.pdf",
        finished_at=timezone.now(),
    )
    RenderJob.objects.create(  # another organiser's: not shown
        conference=two_points,
        kind="compiled_pdf",
        requested_by=factories.organiser(username="cchc-2"),
        status="running",
    )

    html = organiser_client.get(
        reverse("dashboard:rollup", args=[two_points.slug])
    ).content.decode()

    assert f'href="{_file_url(done)}"' in html
    assert "4/4 trang" in html
    assert '<div id="job-compiled_pdf" class="job-progress"' in html
    assert "hx-get" not in html


def test_a_failed_job_shows_its_message(two_points, organiser_client, monkeypatch):
    user = organiser_client.get("/").wsgi_request.user
    started = services.start_pdf_job(
        conference=two_points, kind="compiled_pdf", by=user, now=timezone.now()
    )
    monkeypatch.setattr("dashboard.compiled.MAX_DELEGATES", 1)  # grew meanwhile

    tasks.render_pdf_job(job_id=started.job.pk)

    started.job.refresh_from_db()
    assert started.job.status == "failed"
    assert started.job.error.startswith("3 đại biểu là quá nhiều cho một danh sách in")
    html = organiser_client.get(_progress_url(started.job)).content.decode()
    assert started.job.error in html


@pytest.mark.django_db(transaction=True)
def test_five_requests_at_once_start_one_job(two_points, empty_queue):
    """The replay of the attack: five roll-up requests sent together by one user.
    They used to render five PDFs in five web workers; now the database lets one
    job exist, each request answers at once with it, and one task is queued."""
    user = factories.organiser(username="cchc-five")
    clients = []
    for _ in range(5):
        c = Client()
        login_verified(c, user)
        clients.append(c)
    barrier = threading.Barrier(5)
    answers = []

    def request(c):
        try:
            barrier.wait()
            answers.append(_post(c, "export_pdf", two_points, HTTP_HX_REQUEST="true"))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    job = RenderJob.objects.get()
    assert [a.status_code for a in answers] == [200] * 5
    assert all(f'hx-get="{_progress_url(job)}"' in a.content.decode() for a in answers)
    assert sum(ALREADY_RUNNING in a.content.decode() for a in answers) == 4
    assert empty_queue.waiting_messages() == 1


def test_a_pdf_task_delivered_again_after_its_job_ended_changes_nothing(
    two_points, organiser_client
):
    user = organiser_client.get("/").wsgi_request.user
    job = services.start_pdf_job(
        conference=two_points, kind="rollup_pdf", by=user, now=timezone.now()
    ).job
    assert tasks.render_pdf_job(job_id=job.pk) == "done"
    job.refresh_from_db()
    first = (job.file_name, job.finished_at)

    assert tasks.render_pdf_job(job_id=job.pk) == "done"  # redelivered

    job.refresh_from_db()
    assert (job.file_name, job.finished_at) == first
    assert tasks.render_pdf_job(job_id=job.pk + 1000) == "gone"
