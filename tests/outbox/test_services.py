import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

CONTEXT = {"point": {"name": "Điểm cầu Hà Nội", "conference": {"short_title": "HN"}}}


def _enqueue(key="k:1", recipients=("a@x.vn", "b@x.vn"), **kwargs):
    return services.enqueue_mail(
        key=key,
        recipients=recipients,
        template="delegate_list_reopened",
        context={**CONTEXT, "reason": "Sửa tên", "point_path": "/points/1/"},
        **kwargs,
    )


def test_enqueue_writes_one_row_per_recipient_and_is_idempotent_per_key():
    assert _enqueue() == 2
    assert _enqueue() == 0
    assert _enqueue(recipients=["a@x.vn", "c@x.vn", " ", "C@x.vn"]) == 1
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "a@x.vn",
        "b@x.vn",
        "c@x.vn",
    ]
    row = OutboxMessage.objects.get(recipient="a@x.vn")
    assert row.state == OutboxState.QUEUED
    assert row.subject == "Danh sách đại biểu của Điểm cầu Hà Nội đã được mở lại"
    assert "Lý do: Sửa tên" in row.body_text
    assert "http://127.0.0.1:8000/points/1/" in row.body_html


def test_enqueue_nudges_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _enqueue()
    assert callbacks == [services.nudge_sender]


def test_send_queued_sends_one_message_per_row_with_html_and_attachment():
    _enqueue(
        recipients=["a@x.vn"],
        attachments=[("moi.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    counts = services.send_queued()
    assert counts == {OutboxState.SENT: 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@x.vn"]
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][0] == "moi.ics"
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == (OutboxState.SENT, 1)
    assert row.sent_at is not None
    assert services.send_queued() == {}


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (smtplib.SMTPDataError(451, b"later"), services.TransientError),
        (smtplib.SMTPSenderRefused(421, b"busy", "x@y"), services.TransientError),
        (smtplib.SMTPDataError(550, b"no"), services.PermanentError),
        (smtplib.SMTPRecipientsRefused({"a@x": (550, b"no")}), services.PermanentError),
        (
            smtplib.SMTPRecipientsRefused({"a@x": (452, b"full")}),
            services.TransientError,
        ),
        (ConnectionRefusedError(), services.TransientError),
        (ConnectionResetError(), services.TransientError),
        (smtplib.SMTPServerDisconnected(), services.TransientError),
        (ValueError("bad"), services.PermanentError),
    ],
)
def test_classify(exc, expected):
    assert services.classify(exc) is expected


def test_temporary_failure_is_retried_after_backoff_then_sent_once(smtp_sink, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    smtp_sink.fail_codes = [451]
    _enqueue(recipients=["a@x.vn"])
    assert services.send_queued() == {OutboxState.QUEUED: 1}
    row = OutboxMessage.objects.get()
    assert row.attempts == 1
    assert row.last_error.startswith("SMTPDataError: (451")
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=55)
    assert services.send_queued() == {}  # not due yet
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.send_queued() == {OutboxState.SENT: 1}
    assert smtp_sink.recipients() == ["a@x.vn"]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)


def test_permanent_failure_is_marked_failed_with_the_error(smtp_sink):
    smtp_sink.fail_codes = [550]
    _enqueue(recipients=["a@x.vn"])
    assert services.send_queued() == {OutboxState.FAILED: 1}
    row = OutboxMessage.objects.get()
    assert row.state == OutboxState.FAILED
    assert "550" in row.last_error
    assert smtp_sink.received == []


def test_connection_refused_is_temporary(settings):
    from tests.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    _enqueue(recipients=["a@x.vn"])
    assert services.send_queued() == {OutboxState.QUEUED: 1}
    assert "ConnectionRefusedError" in OutboxMessage.objects.get().last_error


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [
        60,
        120,
        240,
        3600,
        3600,
    ]


def test_too_many_temporary_failures_end_failed(smtp_sink, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_sink.fail_codes = [451, 451]
    _enqueue(recipients=["a@x.vn"])
    services.send_queued()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.send_queued() == {OutboxState.FAILED: 1}


def test_sweeper_requeues_only_rows_stuck_longer_than_the_limit(settings):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 10
    _enqueue()
    now = timezone.now()
    claimed = services.claim(limit=1, now=now)
    assert len(claimed) == 1
    assert services.sweep_stuck(now=now + timedelta(minutes=9)) == 0
    assert services.sweep_stuck(now=now + timedelta(minutes=11)) == 1
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 2
    # The dead sender's late outcome no longer applies to the re-queued row.
    assert services._finish(claimed[0], state=OutboxState.SENT) is False


def test_two_claims_take_disjoint_rows():
    _enqueue(recipients=[f"p{i}@x.vn" for i in range(5)])
    first = services.claim(limit=3)
    second = services.claim(limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_still_needed_hook_cancels_instead_of_sending():
    services.register_still_needed("test-gone:", lambda keys: set())
    try:
        _enqueue(key="test-gone:1", recipients=["a@x.vn"])
        assert services.send_queued() == {OutboxState.CANCELLED: 1}
    finally:
        services._still_needed.pop("test-gone:")
    assert mail.outbox == []


def test_cancel_by_prefix_touches_only_queued_rows():
    _enqueue(key="r:1:a", recipients=["a@x.vn"])
    services.send_queued()
    _enqueue(key="r:1:b", recipients=["a@x.vn"])
    assert services.cancel(key_prefix="r:1:") == 1
    assert sorted(OutboxMessage.objects.values_list("state", flat=True)) == [
        OutboxState.CANCELLED,
        OutboxState.SENT,
    ]


def test_resend_queues_a_copy():
    _enqueue(recipients=["a@x.vn"])
    services.send_queued()
    original = OutboxMessage.objects.get()
    copy = services.resend(message=original)
    assert copy.pk != original.pk
    assert copy.state == OutboxState.QUEUED
    assert services.send_queued() == {OutboxState.SENT: 1}
    assert len(mail.outbox) == 2


def test_nudge_with_the_broker_down_returns_quickly_and_false(settings):
    import time

    from config import celery_app
    from tests.smtp_sink import free_port

    port = free_port()
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    celery_app.conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    try:
        started = time.monotonic()
        assert services.nudge_sender() is False
        assert time.monotonic() - started < 3
    finally:
        celery_app.conf.broker_url = old
        celery_app.conf.broker_write_url = None
