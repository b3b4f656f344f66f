"""Issue #16 (4): the outbox sent twice when a batch ran long. Replayed at scale:
one real worker, an SMTP server taking 0.1 s per message, a sweeper window of 3 s
(the issue's 2 s and one minute, thirty messages per window, thirty times faster),
"Nhắc ngay" to 62 late provinces, and the sweeper running the whole time."""

import threading
import time
from collections import Counter

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from outbox import services as outbox_services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.tasks import sweep_stuck
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.integration

PROVINCES = 62


class Sweeper:
    """The beat's sweeper, run every 0.2 s instead of every five minutes."""

    def __init__(self):
        self.requeued = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            while not self._stop.wait(0.2):
                self.requeued += sweep_stuck()
        finally:
            connections.close_all()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)


def _wait(predicate, seconds):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.1)
    return predicate()


def _all_finished() -> bool:
    return not OutboxMessage.objects.filter(
        state__in=[OutboxState.QUEUED, OutboxState.SENDING]
    ).exists()


def test_remind_every_late_province_with_the_sweeper_running_sends_each_once(
    celery_worker_on_redis,
    smtp_sink,
    settings,
):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 0.05  # 3 s
    smtp_sink.delay = 0.1
    conference = factories.ConferenceFactory()
    for index in range(PROVINCES):
        unit = factories.UnitFactory(
            unit_set=conference.unit_set, code=f"{index + 1:02d}", name=f"Tỉnh {index}"
        )
        factories.BridgePointFactory(conference=conference, unit=unit)
        factories.province_staff(unit, email=f"snv{index:02d}@tinh.gov.vn")
    cchc = Client()
    login_verified(cchc, factories.organiser(username="cchc-replay"))

    with Sweeper() as sweeper:
        cchc.post(
            reverse("reminders:remind_now", args=[conference.slug]),
            {"target": "late", "confirmed": "1"},
        )
        assert _wait(_all_finished, 60)
        time.sleep(1.0)  # a copy would arrive now

    delivered = smtp_sink.recipients()
    print(
        f"\nLong batch: {len(delivered)} delivered, {len(set(delivered))} distinct, "
        f"{sweeper.requeued} taken back by the sweeper."
    )
    assert len(delivered) == len(set(delivered)) == PROVINCES
    assert Counter(delivered) == Counter(
        f"snv{index:02d}@tinh.gov.vn" for index in range(PROVINCES)
    )
    assert sweeper.requeued == 0
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == PROVINCES


def test_a_send_longer_than_the_window_goes_twice_with_one_message_id(
    celery_worker_on_redis,
    smtp_sink,
    settings,
):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 1 / 60  # 1 s
    smtp_sink.delays = [4.0]  # the first exchange outlasts the window
    with Sweeper() as sweeper:
        outbox_services.enqueue_mail(
            key="test:slow",
            recipients=["vucchc@moha.gov.vn"],
            template="delegate_list_reopened",
            context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
        )
        assert _wait(lambda: len(smtp_sink.received) == 2 and _all_finished(), 30)
        time.sleep(0.5)

    first, second = smtp_sink.messages()
    row = OutboxMessage.objects.get()
    assert sweeper.requeued == 1
    assert (
        first["Message-ID"] == second["Message-ID"] == outbox_services.message_id(row)
    )
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)
