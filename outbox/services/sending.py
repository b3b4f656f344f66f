"""Sending: claim small batches, re-check the claim before each send, retry, sweep.

A sender claims a batch it can send well within the sweeper's window
(`OUTBOX_STUCK_AFTER_MINUTES`), renews each row's claim in the same conditional
UPDATE that checks it is still its own just before sending it, and gives back what
it has not reached when the batch runs long. The sweeper therefore takes back only
rows whose sender died, or whose one SMTP exchange outlasted the window; a message
sent twice that way carries the same Message-ID both times, so the receiving
server can drop the copy.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..enums import OutboxState
from ..models import OutboxMessage
from .composing import Parts, decode_attachments
from .secrets import parts_to_send

logger = logging.getLogger(__name__)

# Not a state of a row: the row was no longer this sender's when its turn came.
SKIPPED = "skipped"

# topic -> check(rows) -> the rows still wanted. The app that writes a topic
# registers its check (e.g. reminders: a reminder whose task was done meanwhile is
# cancelled instead of sent); the outbox knows no other app, and reads no key.
StillNeeded = Callable[[list[OutboxMessage]], Iterable[OutboxMessage]]
_still_needed: dict[str, StillNeeded] = {}


def register_still_needed(topic: str, check: StillNeeded) -> None:
    """Ask `check(rows)` before sending the rows of `topic`.

    It gets the rows of that topic in one claimed batch (their `about` says what
    each is about) and returns those still wanted; the others are cancelled.
    """
    _still_needed[topic] = check


def unregister_still_needed(topic: str) -> None:
    """Send the rows of `topic` without asking anyone (again)."""
    _still_needed.pop(topic, None)


def unwanted_rows(rows: Sequence[OutboxMessage]) -> set[int]:
    """The ids of the rows of a batch that their topic's check no longer wants."""
    by_topic: dict[str, list[OutboxMessage]] = {}
    for row in rows:
        if row.topic in _still_needed:
            by_topic.setdefault(row.topic, []).append(row)
    unwanted: set[int] = set()
    for topic, mine in by_topic.items():
        try:
            wanted = {row.pk for row in _still_needed[topic](mine)}
        except Exception:  # noqa: BLE001 — a broken check must not lose mail
            logger.exception("Still-needed check failed for %s", topic)
            continue
        unwanted |= {row.pk for row in mine} - wanted
    return unwanted


class TransientError(Exception):
    pass


class PermanentError(Exception):
    pass


class RelayUnavailable(Exception):
    """Nothing answered at the relay: the rest of the batch waits for the retry."""

    def __init__(self, state: str, retry_at: datetime):
        super().__init__(state)
        self.state = state
        self.retry_at = retry_at


def classify(exc: BaseException) -> type[Exception]:
    """TransientError for what may work later (4xx, network), else PermanentError."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return (
            TransientError
            if codes and all(400 <= c < 500 for c in codes)
            else PermanentError
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return TransientError if 400 <= exc.smtp_code < 500 else PermanentError
    if isinstance(
        exc,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | ConnectionError
        | socket.timeout
        | TimeoutError
        | OSError,
    ):
        return TransientError
    return PermanentError


def relay_unreachable(exc: BaseException) -> bool:
    """The relay is silent (EMAIL_TIMEOUT passed) or not there at all.

    smtplib reports a timeout while waiting for a reply as "server disconnected",
    raised while handling the socket's TimeoutError.
    """
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return isinstance(exc.__context__, TimeoutError)
    return isinstance(
        exc,
        TimeoutError
        | ConnectionRefusedError
        | smtplib.SMTPConnectError
        | socket.gaierror,
    )


def describe(exc: BaseException, *, secret: bool) -> str:
    """The error as stored in `last_error`.

    For a row with a secret, only what a server or the network said (SMTP replies,
    socket errors): any other exception might quote the message, so only its type.
    """
    if secret and not isinstance(exc, smtplib.SMTPException | OSError):
        return type(exc).__name__
    return f"{type(exc).__name__}: {exc}"[:2000]


def backoff(attempts: int) -> timedelta:
    """Wait before attempt number attempts+1: base, 2×base, 4×base…, at most 1 h."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def stuck_after() -> timedelta:
    """How long a claim holds without being renewed before the sweeper takes it."""
    return timedelta(minutes=settings.OUTBOX_STUCK_AFTER_MINUTES)


def batch_limit(pace: float | None, *, size: int) -> int:
    """How many rows to claim: at most `size`, and no more than a quarter of the
    sweeper's window allows at `pace` seconds per message."""
    if not pace:
        return size
    return max(1, min(size, int(stuck_after().total_seconds() / 4 / pace)))


def claim(*, limit: int, now: datetime | None = None) -> list[OutboxMessage]:
    """Mark up to `limit` due queued rows as sending for this caller only.

    FOR UPDATE SKIP LOCKED lets two senders take disjoint rows at once; the claim
    token (and the state in the WHERE) keeps that true where there is no row lock.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=OutboxState.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        # The attempt is counted when it starts: a message that kills its worker
        # every time ends failed instead of being swept back for ever.
        OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.QUEUED).update(
            state=OutboxState.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    return list(OutboxMessage.objects.filter(claim_token=token).order_by("pk"))


def _ours(row: OutboxMessage):
    return OutboxMessage.objects.filter(
        pk=row.pk, state=OutboxState.SENDING, claim_token=row.claim_token
    )


def heartbeat(row: OutboxMessage, *, now: datetime | None = None) -> bool:
    """Renew the claim on `row` if it is still ours; False if it was taken back."""
    return bool(_ours(row).update(claimed_at=now or timezone.now()))


def release(rows: Sequence[OutboxMessage], *, next_attempt_at=None) -> int:
    """Give claimed rows not yet tried back to the queue, their attempt uncounted."""
    if not rows:
        return 0
    values = {
        "state": OutboxState.QUEUED,
        "claim_token": None,
        "claimed_at": None,
        "attempts": F("attempts") - 1,
    }
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    return OutboxMessage.objects.filter(
        pk__in=[row.pk for row in rows],
        state=OutboxState.SENDING,
        claim_token=rows[0].claim_token,
    ).update(**values)


def message_id(row: OutboxMessage) -> str:
    """The row's Message-ID: the same at every attempt, new for a resent copy."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    stamp = f"{row.created_at.timestamp():.6f}".replace(".", "")
    return f"<outbox.{row.pk}.{stamp}@{domain or 'localhost'}>"


def sender() -> str:
    """The From header: PORTAL_MAIL_SENDER_NAME <the address of DEFAULT_FROM_EMAIL>.

    `formataddr` quotes the name where it must and encodes a non-ASCII one
    (RFC 2047), so "Bộ Nội vụ – Hội nghị trực tuyến" reaches every client intact.
    """
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = settings.PORTAL_MAIL_SENDER_NAME or name
    return formataddr((name, address)) if name else address


def _message(row: OutboxMessage, parts: Parts, connection) -> EmailMultiAlternatives:
    subject, text, html = parts
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender(),
        to=[row.recipient],
        connection=connection,
        headers={"Message-ID": message_id(row)},
    )
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in decode_attachments(row.attachments):
        message.attach(name, content, mimetype)
    return message


def _finish(row: OutboxMessage, **values) -> bool:
    """Write the outcome only if the row is still ours (not swept meanwhile)."""
    return bool(_ours(row).update(claim_token=None, **values))


def _deliver(row: OutboxMessage, connection) -> bool:
    """Hand the row to SMTP; False when its secret's filler no longer wants it."""
    parts = parts_to_send(row)
    if parts is None:
        return False
    # Keep one SMTP session for the whole batch: a backend not yet open would
    # open and close a session for every message.
    if getattr(connection, "connection", False) is None:
        connection.open()
    _message(row, parts, connection).send()
    return True


def send_one(row: OutboxMessage, *, connection, wanted: bool = True) -> str:
    """Send one claimed row if it is still ours; return its new state.

    Returns SKIPPED, sending nothing, when the sweeper took the row back meanwhile.
    Raises RelayUnavailable, after recording the row's outcome, when nothing
    answered at the relay.
    """
    now = timezone.now()
    if not wanted:
        _finish(row, state=OutboxState.CANCELLED, last_error="")
        return OutboxState.CANCELLED
    if not heartbeat(row, now=now):
        logger.info("Outbox %s was taken back before its send; skipped.", row.pk)
        return SKIPPED
    attempts = row.attempts
    try:
        delivered = _deliver(row, connection)
    except Exception as exc:  # noqa: BLE001 — classified below
        kind = classify(exc)
        error = describe(exc, secret=row.has_secret)
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
        retry_at = timezone.now() + backoff(attempts)
        if kind is TransientError and attempts < settings.OUTBOX_MAX_ATTEMPTS:
            state = OutboxState.QUEUED
            _finish(row, state=state, last_error=error, next_attempt_at=retry_at)
            logger.info("Outbox %s: temporary failure, retry later: %s", row.pk, error)
        else:
            state = OutboxState.FAILED
            _finish(row, state=state, last_error=error)
            logger.warning("Outbox %s failed: %s", row.pk, error)
        if relay_unreachable(exc):
            raise RelayUnavailable(state, retry_at) from None
        return state
    if not delivered:
        _finish(row, state=OutboxState.CANCELLED, last_error="")
        return OutboxState.CANCELLED
    if not _finish(row, state=OutboxState.SENT, sent_at=timezone.now()):
        # The SMTP exchange outlasted the sweeper's window: the row goes again,
        # with the same Message-ID.
        logger.warning("Outbox %s was taken back while it was being sent.", row.pk)
    return OutboxState.SENT


def _send_batch(
    rows: list[OutboxMessage], *, connection, counts: dict[str, int]
) -> tuple[int, bool]:
    """Send a claimed batch; return how many were tried and whether the relay is
    down. Rows not reached within half the sweeper's window are given back."""
    started = time.monotonic()
    hold = stuck_after().total_seconds() / 2
    unwanted = unwanted_rows(rows)
    for index, row in enumerate(rows):
        # The first row always goes: a sender that gave everything back would
        # never learn its pace.
        if index and time.monotonic() - started > hold:
            release(rows[index:])
            return index, False
        try:
            state = send_one(row, connection=connection, wanted=row.pk not in unwanted)
        except RelayUnavailable as down:
            counts[down.state] = counts.get(down.state, 0) + 1
            release(rows[index + 1 :], next_attempt_at=down.retry_at)
            return index + 1, True
        counts[state] = counts.get(state, 0) + 1
    return len(rows), False


def send_queued(
    *, limit: int | None = None, budget_seconds: float = 50.0
) -> dict[str, int]:
    """Claim and send due rows in small batches until none is due, the relay does
    not answer, or the budget is spent ("more": ask for another run)."""
    size = limit or settings.OUTBOX_BATCH_SIZE
    started = time.monotonic()
    counts: dict[str, int] = {}
    pace: float | None = None
    connection = get_connection()
    try:
        while True:
            rows = claim(limit=batch_limit(pace, size=size))
            if not rows:
                break
            batch_started = time.monotonic()
            tried, relay_down = _send_batch(rows, connection=connection, counts=counts)
            if relay_down:
                break
            if tried:
                pace = (time.monotonic() - batch_started) / tried
            if time.monotonic() - started > budget_seconds:
                counts["more"] = 1
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
    return counts


def sweep_stuck(*, now: datetime | None = None) -> int:
    """Re-queue rows left in `sending` by a worker that died; return how many.

    A row that has used all its attempts this way is marked failed instead.
    """
    now = now or timezone.now()
    stale = OutboxMessage.objects.filter(
        state=OutboxState.SENDING, claimed_at__lt=now - stuck_after()
    )
    stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        state=OutboxState.FAILED,
        claim_token=None,
        last_error="The sender stopped before finishing, every attempt.",
    )
    count = stale.update(
        state=OutboxState.QUEUED,
        claim_token=None,
        next_attempt_at=now,
        last_error="Re-queued: the sender stopped before finishing.",
    )
    if count:
        logger.warning("Outbox sweeper re-queued %s stuck message(s).", count)
    return count
