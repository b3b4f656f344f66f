"""Issue #16 (3): a relay that accepts TCP and never answers froze every background
job. Replayed with two real workers on Redis, as docker-compose runs them: the mail
worker (its own process, the mail queue only) waits on the silent relay while the
other worker runs the reminders' dispatch, a "Render all" job and the sweeper; the
send then fails with a timeout within EMAIL_TIMEOUT and is queued again."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config import celery_app
from documents.models import BackdropSize
from documents.services.render_job import start_render_job
from outbox import services as outbox_services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.tasks import sweep_stuck
from reminders.tasks import dispatch_due
from tests import factories
from tests.smtp_sink import SilentRelay

# Waits out the relay's EMAIL_TIMEOUT by design.
pytestmark = [pytest.mark.integration, pytest.mark.slow]

EMAIL_TIMEOUT = 8.0

MAIL_WORKER_SETTINGS = """
import os
from config.settings.test import *  # noqa: F401,F403

DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["PORTAL_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = float(os.environ["PORTAL_TEST_EMAIL_TIMEOUT"])
CELERY_TASK_DEFAULT_QUEUE = os.environ["PORTAL_TEST_QUEUE"]
CELERY_MAIL_QUEUE = os.environ["PORTAL_TEST_MAIL_QUEUE"]
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(  # noqa: F405
    CELERY_TASK_DEFAULT_QUEUE, CELERY_MAIL_QUEUE
)
"""


def _wait(predicate, seconds):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def mail_worker(default_worker_on_redis, tmp_path):
    """`celery worker -Q <mail queue>` in its own process, sending to a silent relay."""
    with SilentRelay() as relay:
        (tmp_path / "mail_worker_settings.py").write_text(MAIL_WORKER_SETTINGS)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "mail_worker_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
            "PORTAL_TEST_DB_NAME": connection.settings_dict["NAME"],
            "PORTAL_TEST_SMTP_PORT": str(relay.port),
            "PORTAL_TEST_EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            "PORTAL_TEST_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "PORTAL_TEST_MAIL_QUEUE": settings.CELERY_MAIL_QUEUE,
            "REDIS_URL": settings.CELERY_BROKER_URL,
        }
        log_path = tmp_path / "mail_worker.log"
        with log_path.open("w") as log:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    f"--queues={settings.CELERY_MAIL_QUEUE}",
                    "--without-mingle",
                    "--without-gossip",
                    "--loglevel=INFO",
                ],
                env=env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            yield relay, log_path
        finally:
            worker.kill()
            worker.wait(10)
            celery_app.control.purge()


@pytest.fixture
def finished_tasks():
    """Task name -> the moment (monotonic) the default worker finished it."""
    done: dict[str, float] = {}

    def record(task_id, task, retval, state, **kwargs):
        done.setdefault(task.name, time.monotonic())

    task_postrun.connect(record, weak=False)
    yield done
    task_postrun.disconnect(record)


def test_a_silent_relay_holds_only_the_mail_worker(
    mail_worker, finished_tasks, settings, tmp_path
):
    relay, log_path = mail_worker
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    # Reminders due: three provinces whose lists are due tomorrow.
    conference = factories.ConferenceFactory(
        delegate_list_deadline=now + timedelta(days=1),
        starts_at=now + timedelta(days=3),
    )
    for index in range(3):
        unit = factories.UnitFactory(
            unit_set=conference.unit_set, code=f"{index + 1:02d}"
        )
        factories.BridgePointFactory(conference=conference, unit=unit)
        factories.province_staff(unit, email=f"snv{index}@tinh.gov.vn")
    # A small "Render all": the programme and one backdrop of the main point.
    BackdropSize.objects.all().delete()
    BackdropSize.objects.create(name="Màn hình 16:9", width_mm=3200, height_mm=1800)
    rendered = factories.ConferenceFactory(starts_at=now - timedelta(days=1))
    factories.MainPointFactory(conference=rendered)

    # A message for the mail worker, which connects to the relay and waits.
    outbox_services.enqueue_mail(
        key="test:silent",
        recipients=["vucchc@moha.gov.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
    )
    assert relay.accepted.wait(60), log_path.read_text()
    waiting_since = time.monotonic()

    dispatch_due.delay()
    job = start_render_job(conference=rendered, by=None, now=timezone.now()).job
    sweep_stuck.delay()

    assert _wait(
        lambda: (
            {"reminders.dispatch_due", "outbox.sweep_stuck", "documents.render_chunk"}
            <= set(finished_tasks)
        ),
        EMAIL_TIMEOUT - 1,
    ), finished_tasks
    all_done = time.monotonic() - waiting_since
    job.refresh_from_db()
    silent = OutboxMessage.objects.get(key="test:silent")
    # Everything else ran while the mail worker was still waiting on the relay.
    assert silent.state == OutboxState.SENDING
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert OutboxMessage.objects.filter(key__startswith="reminder:").count() == 3

    assert _wait(
        lambda: OutboxMessage.objects.filter(
            key="test:silent", state=OutboxState.QUEUED
        ).exists(),
        EMAIL_TIMEOUT + 10,
    ), log_path.read_text()
    failed_after = time.monotonic() - waiting_since
    silent.refresh_from_db()
    assert silent.last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    )
    assert silent.attempts == 1
    assert EMAIL_TIMEOUT - 1 <= failed_after <= EMAIL_TIMEOUT + 5
    print(
        f"\nDead relay: dispatch, render-all and sweeper done {all_done:.1f} s into "
        f"the mail worker's wait; the send failed after {failed_after:.1f} s "
        f"(EMAIL_TIMEOUT {EMAIL_TIMEOUT:.0f} s), queued again."
    )
