"""The outbox end to end: real Redis, a real worker, a real SMTP server (aiosmtpd).

What counts is what reached the SMTP side: each message exactly once.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from config import celery_app
from outbox import services as outbox_services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from participants import services as participant_services
from reminders import services as reminder_services
from tests import factories
from tests.smtp_sink import SmtpSink, free_port

pytestmark = pytest.mark.integration

WAIT_SECONDS = 20


@pytest.fixture
def smtp_sink(settings):
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_TIMEOUT = 10
        yield sink


def _wait(predicate, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def _conference_with_provinces(count: int):
    """A conference whose lists are due tomorrow: yesterday's 08:00 reminder is due."""
    now = timezone.now()
    conference = factories.ConferenceFactory(
        delegate_list_deadline=now + timedelta(days=1),
        starts_at=now + timedelta(days=3),
    )
    staff = []
    for index in range(count):
        unit = factories.UnitFactory(
            unit_set=conference.unit_set, code=f"{index + 1:02d}", name=f"Tỉnh {index}"
        )
        factories.BridgePointFactory(conference=conference, unit=unit)
        staff.append(
            factories.province_staff(
                unit, username=f"snv-{index}", email=f"snv{index}@tinh.gov.vn"
            ).email
        )
    return conference, staff


def test_two_dispatchers_at_the_same_moment_send_each_reminder_once(
    celery_worker_on_redis, smtp_sink
):
    _conference, staff = _conference_with_provinces(5)
    now = timezone.now()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def dispatcher():
        try:
            barrier.wait(timeout=10)
            results.append(reminder_services.dispatch_due(now=now))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(results) == [0, 5]
    assert _wait(lambda: len(smtp_sink.received) >= 5)
    time.sleep(1.0)  # anything extra would arrive now
    assert Counter(smtp_sink.recipients()) == Counter(staff)
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 5


def test_a_temporary_failure_is_retried_and_delivered_once(
    celery_worker_on_redis, smtp_sink, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    smtp_sink.fail_codes = [451]
    outbox_services.enqueue_mail(
        key="test:retry",
        recipients=["vucchc@moha.gov.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
    )
    assert _wait(
        lambda: OutboxMessage.objects.filter(attempts=1, state="queued").exists()
    )
    row = OutboxMessage.objects.get()
    assert row.last_error.startswith("SMTPDataError: (451")
    assert smtp_sink.received == []
    # Beat runs the sender every minute; here, as soon as the backoff is over.
    time.sleep(1.2)
    assert outbox_services.nudge_sender() is True
    assert _wait(lambda: len(smtp_sink.received) == 1)
    time.sleep(0.5)
    assert smtp_sink.recipients() == ["vucchc@moha.gov.vn"]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)


def test_redis_down_at_enqueue_the_save_succeeds_and_the_mail_goes_later(
    celery_worker_on_redis, smtp_sink
):
    conference, _staff = _conference_with_provinces(1)
    point = conference.points.get()
    factories.organiser(username="cchc-x", email="cchc@moha.gov.vn")
    staff = point.unit.staff.get()
    factories.DelegateFactory(point=point, role="chair")
    dead = f"redis://127.0.0.1:{free_port()}/0"
    celery_app.conf.broker_write_url = dead
    try:
        started = time.monotonic()
        participant_services.submit_delegate_list(
            point=point,
            by=staff,
            now=timezone.now(),
            expected_list_version=point.delegate_list.version,
        )
        elapsed = time.monotonic() - started
    finally:
        celery_app.conf.broker_write_url = None
    point.refresh_from_db()
    assert point.delegate_list.status == "submitted"
    assert elapsed < 3
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 2
    time.sleep(0.5)
    assert smtp_sink.received == []
    # Redis is back: the next periodic run of the sender finds the queued rows.
    assert outbox_services.nudge_sender() is True
    assert _wait(lambda: len(smtp_sink.received) == 2)
    time.sleep(0.5)
    assert smtp_sink.recipients() == ["cchc@moha.gov.vn", "snv0@tinh.gov.vn"]


WORKER_SETTINGS = """
import os
from config.settings.test import *  # noqa: F401,F403

DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["PORTAL_TEST_SMTP_PORT"])
CELERY_TASK_DEFAULT_QUEUE = os.environ["PORTAL_TEST_QUEUE"]
"""


def test_a_worker_killed_mid_send_is_recovered_by_the_sweeper_without_duplicate(
    transactional_db, smtp_sink, tmp_path
):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs Redis")
    (tmp_path / "killed_worker_settings.py").write_text(WORKER_SETTINGS)
    queue = f"portal-kill-{os.getpid()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "killed_worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "PORTAL_TEST_DB_NAME": connection.settings_dict["NAME"],
        "PORTAL_TEST_SMTP_PORT": str(smtp_sink.port),
        "PORTAL_TEST_QUEUE": queue,
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    smtp_sink.hold = threading.Event()
    outbox_services.enqueue_mail(
        key="test:kill",
        recipients=["vucchc@moha.gov.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
    )
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
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
        with celery_app.connection_for_write() as conn:
            celery_app.send_task("outbox.send_queued", queue=queue, connection=conn)
        assert _wait(smtp_sink.rcpt_seen.is_set, 30), (
            tmp_path / "worker.log"
        ).read_text()
        row = OutboxMessage.objects.get()
        assert row.state == OutboxState.SENDING
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        log.close()
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    smtp_sink.hold.set()  # the dead worker's session ends without DATA
    time.sleep(0.5)
    assert smtp_sink.received == []
    row.refresh_from_db()
    assert row.state == OutboxState.SENDING

    # Not before the limit; after it, the sweeper queues it again and it goes once.
    assert outbox_services.sweep_stuck(now=timezone.now()) == 0
    later = timezone.now() + timedelta(minutes=settings.OUTBOX_STUCK_AFTER_MINUTES + 1)
    with time_machine.travel(later):
        assert outbox_services.sweep_stuck() == 1
        assert outbox_services.send_queued() == {OutboxState.SENT: 1}
        assert outbox_services.send_queued() == {}
    assert smtp_sink.recipients() == ["vucchc@moha.gov.vn"]
    row.refresh_from_db()
    # Two attempts (the killed one counts), one delivery.
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)
