import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import sending

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
    assert sending._finish(claimed[0], state=OutboxState.SENT) is False


def test_two_claims_take_disjoint_rows():
    _enqueue(recipients=[f"p{i}@x.vn" for i in range(5)])
    first = services.claim(limit=3)
    second = services.claim(limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_still_needed_hook_gets_its_topics_rows_and_cancels_the_unwanted():
    asked = []

    def check(rows):
        asked.append(sorted(row.about["n"] for row in rows))
        return [row for row in rows if row.about["n"] == 1]

    services.register_still_needed("test-topic", check)
    try:
        for n in (1, 2):
            _enqueue(
                key=f"k:{n}", recipients=["a@x.vn"], topic="test-topic", about={"n": n}
            )
        # Another topic's rows, and rows without a topic, are not asked about.
        _enqueue(key="k:3", recipients=["a@x.vn"], topic="other", about={"n": 3})
        _enqueue(key="k:4", recipients=["a@x.vn"])
        assert services.send_queued() == {
            OutboxState.SENT: 3,
            OutboxState.CANCELLED: 1,
        }
    finally:
        services.unregister_still_needed("test-topic")
    assert asked == [[1, 2]]
    assert OutboxMessage.objects.get(about={"n": 2}).state == OutboxState.CANCELLED
    assert len(mail.outbox) == 3


def test_a_broken_still_needed_check_loses_no_mail():
    def broken(rows):
        raise RuntimeError("boom")

    services.register_still_needed("test-broken", broken)
    try:
        _enqueue(recipients=["a@x.vn"], topic="test-broken", about={"n": 1})
        assert services.send_queued() == {OutboxState.SENT: 1}
    finally:
        services.unregister_still_needed("test-broken")


def test_the_outbox_imports_no_other_app_of_the_project():
    """The bottom layer: no module of `outbox` names reminders or any app above."""
    import ast
    from pathlib import Path

    import outbox

    apps = {"common"} | {
        path.parent.name
        for path in Path(outbox.__file__).parent.parent.glob("*/apps.py")
    }
    named = set()
    for path in Path(outbox.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                named |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                named.add((node.module or "").partition(".")[0])
    assert "reminders" in apps
    assert named & apps <= {"outbox", "common"}


def test_resend_queues_one_copy_per_minute():
    _enqueue(recipients=["a@x.vn"], attachments=[("a.ics", b"X", "text/calendar")])
    services.send_queued()
    original = OutboxMessage.objects.get()
    now = timezone.now()
    assert services.resend(message=original, now=now) == 1
    assert services.resend(message=original, now=now) == 0  # a double click
    copy = OutboxMessage.objects.exclude(pk=original.pk).get()
    assert (copy.state, copy.subject, copy.attachments) == (
        OutboxState.QUEUED,
        original.subject,
        original.attachments,
    )
    assert services.send_queued() == {OutboxState.SENT: 1}
    assert len(mail.outbox) == 2


def test_a_message_that_kills_every_sender_ends_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _enqueue(recipients=["a@x.vn"])
    now = timezone.now()
    for minutes in (0, 20):
        assert len(services.claim(limit=1, now=now + timedelta(minutes=minutes)))
        services.sweep_stuck(now=now + timedelta(minutes=minutes + 11))
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == (OutboxState.FAILED, 2)


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
