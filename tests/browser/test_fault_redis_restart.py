"""Issue #20, fault: Redis restarts while Vụ CCHC's conference-day screen polls.

The screen is served from PostgreSQL and keeps polling through the outage: a
province that connects, or submits its list (its e-mails wait in the outbox, the
nudge to the worker gives up within a second), shows up without a reload; once
Redis is back, /healthz sees it and the outbox reaches the broker again. A Redis of
the test's own on a free port is stopped and started, never the shared one.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from conference.enums import UnitKind
from config import celery_app
from outbox import services as outbox_services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from participants import services as participant_services
from readiness import services as readiness_services
from tests import factories
from tests.smtp_sink import free_port

from .support import with_password

pytestmark = pytest.mark.browser

# The panel polls every 5 s: a change shows within two polls, on a busy machine.
POLL_WAIT = 20_000
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def _stop_redis(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(10)


def _health(base: str) -> dict:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


@pytest.fixture
def own_redis(settings):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    # The app's producer pool (the /healthz worker ping publishes through it) is
    # made once per process from the broker URL of the moment: made now, it stays on
    # the shared Redis, and the tests after this one do not inherit a stopped one.
    assert celery_app.amqp.producer_pool is not None
    process = _start_redis(port)
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_write_url = url
    holder = {"process": process, "port": port, "url": url}
    yield holder
    celery_app.conf.broker_write_url = None
    if holder["process"].poll() is None:
        _stop_redis(holder["process"])


def test_the_day_screen_keeps_updating_through_a_redis_restart(
    portal, login, live_server, own_redis
):
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.skip("redis-server is not installed")
    conference = portal.conference
    units = [
        factories.UnitFactory(
            unit_set=conference.unit_set, code=code, name=name, kind=UnitKind.PROVINCE
        )
        for code, name in (("27", "Bắc Ninh"), ("46", "Thừa Thiên Huế"))
    ]
    points = [
        factories.BridgePointFactory(conference=conference, unit=unit) for unit in units
    ]
    staff = [
        factories.province_staff(
            unit, username=f"snv-{unit.code}", email=f"{unit.code}@snv.gov.vn"
        )
        for unit in units
    ]
    factories.DelegateFactory(point=points[0], role="chair")
    factories.organiser(username="cchc-notice", email="cchc@moha.gov.vn")
    page = login(with_password(factories.organiser(username="cchc")))
    page.set_default_timeout(20_000)
    # The page's timers on a clock the test can move: each 5 s poll comes when
    # the test says, not 5 s later.
    page.clock.install()
    page.goto(f"{live_server.url}/conferences/{conference.slug}/day/")
    expect(page.get_by_test_id("connected-count")).to_contain_text(
        "0/3", timeout=POLL_WAIT
    )
    page.evaluate("window.portalNotReloaded = true")

    _stop_redis(own_redis["process"])
    assert _health(live_server.url)["checks"]["redis"] == "fail"
    started = time.monotonic()
    with transaction.atomic():
        readiness_services.check_in(
            point=points[0],
            present_count=18,
            expected_version=0,  # no check-in yet
            by=staff[0],
            now=conference.starts_at,  # within the day's check-in window
        )
        participant_services.submit_delegate_list(
            point=points[0],
            by=staff[0],
            now=timezone.now(),
            expected_list_version=points[0].delegate_list.version,
        )
    assert time.monotonic() - started < 5
    page.clock.run_for(5_000)
    expect(page.get_by_test_id("connected-count")).to_contain_text(
        "1/3", timeout=POLL_WAIT
    )
    expect(page.get_by_test_id("connected-list")).to_contain_text(
        "Bắc Ninh", timeout=POLL_WAIT
    )

    own_redis["process"] = _start_redis(own_redis["port"])
    with transaction.atomic():
        readiness_services.check_in(
            point=points[1],
            present_count=12,
            expected_version=0,
            by=staff[1],
            now=conference.starts_at + timedelta(seconds=1),
        )
    page.clock.run_for(5_000)
    expect(page.get_by_test_id("connected-count")).to_contain_text(
        "2/3", timeout=POLL_WAIT
    )
    expect(page.get_by_test_id("connected-list")).to_contain_text(
        "Thừa Thiên Huế", timeout=POLL_WAIT
    )
    assert page.evaluate("window.portalNotReloaded") is True

    assert _health(live_server.url)["checks"]["redis"] == "ok"
    # The list's e-mails waited in the outbox; the broker takes the nudge again.
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 2
    assert outbox_services.nudge_sender() is True
    queue = settings.CELERY_MAIL_QUEUE  # the sender has its own queue
    assert redis.Redis.from_url(own_redis["url"]).llen(queue) == 1
