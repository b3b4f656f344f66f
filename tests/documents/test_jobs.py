"""Background jobs: one per requester and kind, "Render all" counting each document
once however often the broker delivers its chunk, the sweeper of stuck jobs and old
files."""

import os
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents import jobs, render_all, tasks
from documents.models import RenderedTarget, RenderJob
from documents.services.render_job import start_render_job
from documents.sweep import sweep_jobs
from tests import broker, factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

STUCK_MESSAGE = (
    "Việc này đã dừng khi chưa xong (máy xử lý bị gián đoạn). Vui lòng bấm lại để "
    "tạo lại."
)


@pytest.fixture
def six_documents(bac_ninh_point, main_point, docs_conference, slots):
    """1 programme, 1 invitation, 2 points × 2 backdrop sizes: two chunks (4 + 2)."""
    return docs_conference


def _split(conference, *, by=None) -> tuple[RenderJob, list]:
    job = RenderJob.objects.create(conference=conference, requested_by=by)
    job = RenderJob.objects.select_related("conference").get(pk=job.pk)
    chunks = render_all.split_job(job, now=timezone.now())
    return job, chunks


def _zips() -> list[str]:
    return jobs.files_under(jobs.ZIP_FILES)


def test_a_chunk_delivered_twice_counts_each_document_once_and_zips_once(
    six_documents,
):
    """The replay of issue 16 item 7: late acknowledgement, a chunk delivered again.
    It used to count done=8 of total=6 and never make the ZIP."""
    job, chunks = _split(six_documents)
    assert [len(chunk) for chunk in chunks] == [4, 2]
    finish = mock.Mock(wraps=render_all.finish_render_job)

    with mock.patch.object(render_all, "finish_render_job", finish):
        tasks.render_chunk(job_id=job.pk, ids=chunks[0])
        tasks.render_chunk(job_id=job.pk, ids=chunks[0])  # redelivered
        job.refresh_from_db()
        assert (job.status, job.done, job.total) == ("running", 4, 6)
        tasks.render_chunk(job_id=job.pk, ids=chunks[1])
        tasks.render_chunk(job_id=job.pk, ids=chunks[1])  # redelivered after the ZIP
        tasks.render_chunk(job_id=job.pk, ids=chunks[0])

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 6, 6)
    assert finish.call_count == 1
    assert job.file_name == _zips()[0] and len(_zips()) == 1
    assert RenderedTarget.objects.filter(job=job).count() == 6


def test_a_split_delivered_twice_shares_the_documents_out_once(six_documents):
    job = RenderJob.objects.create(conference=six_documents)
    broker.purge()

    assert tasks.render_all(job_id=job.pk) == 2
    assert tasks.render_all(job_id=job.pk) == 0  # redelivered

    assert broker.waiting_messages() == 2  # the two chunks, on Redis
    broker.purge()
    job.refresh_from_db()
    assert (job.status, job.total) == ("running", 6)


def test_chunks_of_one_job_at_once_count_every_document_once(
    transactional_db, six_documents
):
    """Two workers on the chunks of one job, each chunk delivered twice: the job's
    row lock orders the counts, and exactly one of them claims the ZIP."""
    job, chunks = _split(six_documents)
    barrier = threading.Barrier(4)
    claims = []

    def work(ids):
        try:
            own = RenderJob.objects.select_related("conference").get(pk=job.pk)
            barrier.wait()
            claims.append(render_all.render_chunk(own, ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(ids,)) for ids in chunks + chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    job.refresh_from_db()
    assert (job.done, job.total, job.file_name) == (6, 6, render_all.ZIP_CLAIMED)
    assert sorted(claims) == [False, False, False, True]


def test_a_chunk_of_an_ended_job_renders_nothing(six_documents):
    job, chunks = _split(six_documents)
    jobs.fail_job(job=job, error="x", now=timezone.now())

    assert tasks.render_chunk(job_id=job.pk, ids=chunks[0]) == 4

    job.refresh_from_db()
    assert (job.status, job.done) == ("failed", 0)
    assert not RenderedTarget.objects.filter(job=job).exists()


def test_a_job_whose_chunk_was_lost_is_failed_by_the_sweeper_and_says_so(
    six_documents, organiser_client
):
    user = factories.organiser(username="cchc-sweep")
    job, chunks = _split(six_documents, by=user)
    tasks.render_chunk(job_id=job.pk, ids=chunks[0])  # the second chunk is lost
    later = timezone.now() + timedelta(minutes=11)

    sweep = sweep_jobs(now=later)

    job.refresh_from_db()
    assert (sweep.failed, sweep.finished) == ([job.pk], [])
    assert (job.status, job.done, job.error) == ("failed", 4, STUCK_MESSAGE)
    login_verified(organiser_client, user)
    page = organiser_client.get(
        reverse("documents:job_progress", args=[six_documents.slug, job.pk])
    ).content.decode()
    assert STUCK_MESSAGE in page and "hx-get" not in page
    # Its slot is free again: the requester may start it anew.
    started = start_render_job(conference=six_documents, by=user, now=timezone.now())
    assert started.created and started.job.pk != job.pk


def test_a_job_that_stops_while_making_its_zip_is_finished_by_the_sweeper(
    six_documents,
):
    job, chunks = _split(six_documents)
    for chunk in chunks:  # the worker that claimed the ZIP died before making it
        render_all.render_chunk(job, chunk)
    job.refresh_from_db()
    assert (job.status, job.done, job.file_name) == ("running", 6, "…")

    assert tasks.sweep_jobs() == 0  # not silent long enough yet
    sweep = sweep_jobs(now=timezone.now() + timedelta(minutes=11))

    assert (sweep.failed, sweep.finished) == ([], [job.pk])
    job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("done", 6, "")
    assert job.file_name == _zips()[0]


def test_a_waiting_job_that_never_started_is_failed_by_the_sweeper(conference):
    job = jobs.start_job(
        conference=conference,
        kind="rollup_pdf",
        by=factories.organiser(),
        now=timezone.now() - timedelta(minutes=30),
        enqueue=lambda job_id: None,
    ).job

    sweep = sweep_jobs(now=timezone.now())

    job.refresh_from_db()
    assert (sweep.failed, job.status, job.error) == ([job.pk], "failed", STUCK_MESSAGE)


def test_a_running_job_with_recent_progress_is_left_alone(conference):
    job = RenderJob.objects.create(
        conference=conference,
        kind="rollup_pdf",
        status="running",
        total=100,
        done=40,
        progress_at=timezone.now() - timedelta(minutes=9),
    )

    sweep = sweep_jobs(now=timezone.now())

    job.refresh_from_db()
    assert (sweep.failed, sweep.finished, job.status) == ([], [], "running")


def test_the_sweeper_deletes_jobs_and_files_older_than_a_day(conference, settings):
    now = timezone.now()
    old = RenderJob.objects.create(
        conference=conference,
        kind="rollup_pdf",
        status="done",
        file_name=jobs.store_file(
            folder=f"{jobs.JOB_FILES}/1", name="old.pdf", content=b"%PDF-old"
        ),
        finished_at=now - timedelta(hours=25),
    )
    fresh = RenderJob.objects.create(
        conference=conference,
        kind="rollup_pdf",
        status="done",
        file_name=jobs.store_file(
            folder=f"{jobs.JOB_FILES}/2", name="new.pdf", content=b"%PDF-new"
        ),
        finished_at=now - timedelta(hours=1),
    )
    orphan = default_storage.save(f"{jobs.ZIP_FILES}/9/gone.zip", ContentFile(b"PK"))
    day_old = time.time() - 25 * 3600
    for name in (old.file_name, fresh.file_name, orphan):
        os.utime(default_storage.path(name), (day_old, day_old))

    sweep = sweep_jobs(now=now)

    assert (sweep.deleted_jobs, sweep.deleted_files) == (1, 2)
    assert list(RenderJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(old.file_name)
    assert not default_storage.exists(orphan)
    # A file still referred to by a kept job stays, however old the file is.
    assert default_storage.exists(fresh.file_name)


def test_starting_twice_returns_the_running_job_and_queues_nothing(conference):
    user = factories.organiser()
    queued = []

    first = jobs.start_job(
        conference=conference,
        kind="rollup_pdf",
        by=user,
        now=timezone.now(),
        enqueue=queued.append,
    )
    second = jobs.start_job(
        conference=conference,
        kind="rollup_pdf",
        by=user,
        now=timezone.now(),
        enqueue=queued.append,
    )

    assert (first.created, second.created) == (True, False)
    assert second.job.pk == first.job.pk
    assert RenderJob.objects.count() == 1
    # Another kind, or another user, is another job.
    jobs.start_job(
        conference=conference,
        kind="compiled_pdf",
        by=user,
        now=timezone.now(),
        enqueue=queued.append,
    )
    jobs.start_job(
        conference=conference,
        kind="rollup_pdf",
        by=factories.organiser(),
        now=timezone.now(),
        enqueue=queued.append,
    )
    assert RenderJob.objects.count() == 3


def test_a_job_the_broker_cannot_take_fails_with_a_message(
    conference, django_capture_on_commit_callbacks
):
    def broker_down(job_id):
        raise ConnectionRefusedError("redis is down")

    with django_capture_on_commit_callbacks(execute=True):
        started = jobs.start_job(
            conference=conference,
            kind="rollup_pdf",
            by=factories.organiser(),
            now=timezone.now(),
            enqueue=broker_down,
        )

    started.job.refresh_from_db()
    assert started.job.status == "failed"
    assert started.job.error.startswith("Không chuyển được việc này cho máy xử lý nền.")


def test_the_sweeper_runs_every_five_minutes_from_the_beat_schedule(db):
    from django_celery_beat.models import PeriodicTask

    from documents.schedule import SWEEP_TASK_NAME, ensure_periodic_tasks

    PeriodicTask.objects.filter(name=SWEEP_TASK_NAME).delete()

    ensure_periodic_tasks()  # also run after migrate
    ensure_periodic_tasks()

    task = PeriodicTask.objects.get(name=SWEEP_TASK_NAME)
    assert (task.task, task.interval.every, task.interval.period) == (
        "documents.sweep_jobs",
        5,
        "minutes",
    )
