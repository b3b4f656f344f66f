"""Tasks sent through Redis and run by a real worker."""

import time

import pytest
from celery.signals import task_postrun
from django.core import mail

from outbox.services import enqueue_mail, nudge_sender
from outbox.tasks import send_queued

pytestmark = pytest.mark.integration

WAIT_SECONDS = 10


def _wait_for_outbox(count: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_enqueued_mail_is_sent_by_the_worker_after_commit(celery_worker_on_redis):
    enqueue_mail(
        key="test:worker",
        recipients=["vucchc@moha.gov.vn", "tttt@moha.gov.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Hà Nội"}, "point_path": "/points/1/"},
    )
    # transactional_db: autocommit, so the nudge went out at once.
    _wait_for_outbox(2)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "tttt@moha.gov.vn",
        "vucchc@moha.gov.vn",
    ]
    assert mail.outbox[0].subject == (
        "Danh sách đại biểu của Điểm cầu Hà Nội đã được mở lại"
    )


def test_sender_with_nothing_queued_sends_nothing(celery_worker_on_redis):
    events = []

    def record(task_id, task, retval, state, **kwargs):
        events.append((task.name, state, retval))

    task_postrun.connect(record, weak=False)
    try:
        assert nudge_sender() is True
        deadline = time.monotonic() + WAIT_SECONDS
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        task_postrun.disconnect(record)

    assert events == [(send_queued.name, "SUCCESS", {})]
    assert mail.outbox == []
