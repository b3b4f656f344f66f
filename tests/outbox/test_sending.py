"""Issue #16 (1, 3, 4): secrets filled at send time only; a silent relay fails a send
within EMAIL_TIMEOUT; a claim re-checked before each send, batches bounded by time
and a Message-ID that stays the same when SMTP's own window forces a re-send."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.utils import timezone

from outbox import services
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import Mail, Secret, secrets
from tests.smtp_sink import SilentRelay

CONTEXT = {"point": {"name": "Điểm cầu Hà Nội"}, "point_path": "/points/1/"}


def _enqueue(recipients, *, key="k:1"):
    return services.enqueue_mail(
        key=key,
        recipients=recipients,
        template="delegate_list_reopened",
        context=CONTEXT,
    )


@pytest.fixture
def filler():
    """A registered filler that makes a new secret at each call."""
    calls = []

    def make(ref, recipient):
        calls.append((ref, recipient))
        if ref == "gone":
            return None
        if ref == "broken":
            raise RuntimeError(f"could not make S3CRET-{len(calls)}")
        return {"code": f"S3CRET-{len(calls)}"}

    services.register_secret_filler("test-code", make)
    yield calls
    secrets._fillers.pop("test-code")


def _secret_mail(ref="7", recipients=("a@x.vn",)):
    return services.enqueue_mails(
        [
            Mail(
                key=f"test-code:{ref}",
                recipients=list(recipients),
                rendered=(
                    "Mã của bạn",
                    f"Mã: {services.slot('code')}",
                    f"<p>Mã: <b>{services.slot('code')}</b></p>",
                ),
                secret=Secret(filler="test-code", ref=ref),
            )
        ]
    )


# --------------------------------------------------------------------- secrets


@pytest.mark.django_db
def test_a_secret_goes_only_into_the_smtp_message(filler):
    assert _secret_mail() == 1

    assert services.send_queued() == {OutboxState.SENT: 1}

    row = OutboxMessage.objects.get()
    assert (row.secret_filler, row.secret_ref, row.has_secret) == (
        "test-code",
        "7",
        True,
    )
    assert "S3CRET" not in row.subject + row.body_text + row.body_html + row.key
    assert mail.outbox[0].body == "Mã: S3CRET-1"
    assert mail.outbox[0].alternatives[0][0] == "<p>Mã: <b>S3CRET-1</b></p>"
    assert filler == [("7", "a@x.vn")]


@pytest.mark.django_db
def test_each_attempt_asks_the_filler_again(filler, smtp_sink):
    smtp_sink.fail_codes = [451]
    _secret_mail()

    assert services.send_queued() == {OutboxState.QUEUED: 1}
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.send_queued() == {OutboxState.SENT: 1}

    assert len(filler) == 2
    body = smtp_sink.messages()[0].get_body(("plain",)).get_content()
    assert body.strip() == "Mã: S3CRET-2"


@pytest.mark.django_db
def test_a_filler_that_declines_cancels_the_message(filler):
    _secret_mail(ref="gone")

    assert services.send_queued() == {OutboxState.CANCELLED: 1}
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failing_filler_leaves_no_secret_in_the_error(filler):
    _secret_mail(ref="broken")

    assert services.send_queued() == {OutboxState.FAILED: 1}
    assert OutboxMessage.objects.get().last_error == "RuntimeError"


@pytest.mark.django_db
def test_an_unknown_filler_is_refused_at_enqueue():
    with pytest.raises(ValueError, match="no-such-filler"):
        services.enqueue_mails(
            [
                Mail(
                    key="x:1",
                    recipients=["a@x.vn"],
                    rendered=("s", "t", ""),
                    secret=Secret(filler="no-such-filler", ref="1"),
                )
            ]
        )
    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_message_with_a_secret_is_never_resent(filler):
    _secret_mail()
    services.send_queued()

    assert services.resend(message=OutboxMessage.objects.get()) == 0
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_no_header_carries_the_key():
    _enqueue(["a@x.vn"], key="password-reset:1:token-like")
    services.send_queued()

    row = OutboxMessage.objects.get()
    message = mail.outbox[0].message()
    assert "token-like" not in message.as_string()
    assert "X-Portal-Key" not in message
    assert message["Message-ID"] == services.message_id(row)


# ------------------------------------------------------------------- the claim


@pytest.mark.django_db
def test_a_row_taken_back_before_its_turn_is_skipped_not_sent_twice(settings):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 10
    _enqueue(["a@x.vn", "b@x.vn"])
    now = timezone.now()
    stale = services.claim(limit=2, now=now)
    # The sweeper takes both back and another sender claims them.
    assert services.sweep_stuck(now=now + timedelta(minutes=11)) == 2
    fresh = services.claim(limit=2, now=now + timedelta(minutes=11))
    connection = mail.get_connection()

    assert [services.send_one(r, connection=connection) for r in stale] == [
        services.SKIPPED,
        services.SKIPPED,
    ]
    assert mail.outbox == []
    assert [services.send_one(r, connection=connection) for r in fresh] == [
        OutboxState.SENT,
        OutboxState.SENT,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.vn", "b@x.vn"]


@pytest.mark.django_db
def test_the_send_renews_the_claim_just_before_sending(settings):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 10
    _enqueue(["a@x.vn", "b@x.vn"])
    first, second = services.claim(limit=2)
    OutboxMessage.objects.update(claimed_at=timezone.now() - timedelta(minutes=9))

    assert services.heartbeat(first) is True

    # Only the row about to go was renewed: the sweeper leaves it alone.
    assert services.sweep_stuck(now=timezone.now() + timedelta(minutes=2)) == 1
    assert OutboxMessage.objects.get(pk=first.pk).state == OutboxState.SENDING
    assert OutboxMessage.objects.get(pk=second.pk).state == OutboxState.QUEUED


def test_a_batch_is_sized_to_go_out_within_a_quarter_of_the_window(settings):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 1
    assert services.batch_limit(None, size=10) == 10
    assert services.batch_limit(2.0, size=10) == 7  # 15 s / 2 s
    assert services.batch_limit(0.1, size=10) == 10
    assert services.batch_limit(30.0, size=10) == 1


@pytest.mark.django_db
def test_a_batch_running_long_gives_back_what_it_has_not_reached(smtp_sink, settings):
    # A window of 0.6 s: half of it is spent after the first 0.4 s message.
    settings.OUTBOX_STUCK_AFTER_MINUTES = 0.01
    smtp_sink.delay = 0.4
    _enqueue(["a@x.vn", "b@x.vn", "c@x.vn", "d@x.vn"])

    assert services.send_queued() == {OutboxState.SENT: 4}

    assert sorted(smtp_sink.recipients()) == ["a@x.vn", "b@x.vn", "c@x.vn", "d@x.vn"]
    # Rows given back were not attempted: one attempt each.
    assert list(OutboxMessage.objects.values_list("attempts", flat=True)) == [1] * 4


@pytest.mark.django_db(transaction=True)
def test_a_send_outlasting_the_window_goes_again_with_the_same_message_id(
    smtp_sink, settings
):
    settings.OUTBOX_STUCK_AFTER_MINUTES = 10
    smtp_sink.hold = threading.Event()
    _enqueue(["a@x.vn"])
    results = []

    def sender():
        try:
            results.append(services.send_queued())
        finally:
            connections.close_all()

    thread = threading.Thread(target=sender)
    thread.start()
    assert smtp_sink.rcpt_seen.wait(10)
    # The send hangs past the window: the sweeper takes the row back meanwhile.
    later = timezone.now() + timedelta(minutes=11)
    assert services.sweep_stuck(now=later) == 1
    smtp_sink.hold.set()
    thread.join(10)
    smtp_sink.hold = None
    with time_machine.travel(later):
        assert services.send_queued() == {OutboxState.SENT: 1}

    first, second = smtp_sink.messages()
    row = OutboxMessage.objects.get()
    assert results == [{OutboxState.SENT: 1}]
    assert first["Message-ID"] == second["Message-ID"] == services.message_id(row)
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)


@pytest.mark.django_db
def test_a_resent_copy_has_its_own_message_id():
    _enqueue(["a@x.vn"])
    services.send_queued()
    original = OutboxMessage.objects.get()
    services.resend(message=original)
    services.send_queued()

    copy = OutboxMessage.objects.exclude(pk=original.pk).get()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        services.message_id(original),
        services.message_id(copy),
    ]
    assert services.message_id(original) != services.message_id(copy)


# ------------------------------------------------------------- a silent relay


@pytest.mark.django_db
def test_a_silent_relay_fails_the_send_within_email_timeout(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    with SilentRelay() as relay:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = relay.port
        settings.EMAIL_TIMEOUT = 0.5
        _enqueue(["a@x.vn", "b@x.vn", "c@x.vn"])

        started = time.monotonic()
        counts = services.send_queued()
        elapsed = time.monotonic() - started

    assert counts == {OutboxState.QUEUED: 1}
    assert 0.5 <= elapsed < 2.5
    # One wait for the whole batch: the relay is down, the others wait with it.
    assert relay.connections == 1
    rows = list(OutboxMessage.objects.order_by("pk"))
    assert rows[0].last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    )
    assert [(r.state, r.attempts) for r in rows] == [(OutboxState.QUEUED, 1)] + [
        (OutboxState.QUEUED, 0)
    ] * 2
    assert len({r.next_attempt_at for r in rows}) == 1
    assert rows[0].next_attempt_at > timezone.now() + timedelta(seconds=55)
