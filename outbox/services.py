"""Writes of the outbox: enqueue, claim, send, retry, sweep, cancel, resend.

Every e-mail of the portal goes through `enqueue_mail`. The rows are written in the
caller's transaction; the sender is nudged only after it commits, and a broker that
is down only delays the message: a periodic beat entry sends whatever is queued.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from .enums import OutboxState
from .models import OutboxMessage

logger = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]

# key prefix -> check(keys) -> the keys still needed; apps above register theirs
# (e.g. reminders) so a reminder whose task was done meanwhile is cancelled instead
# of sent. The outbox itself knows no other app.
_still_needed: dict[str, Callable[[list[str]], set[str]]] = {}


def register_still_needed(prefix: str, check: Callable[[list[str]], set[str]]) -> None:
    """Ask `check(keys)` before sending rows whose key starts with `prefix`.

    It gets the keys of one claimed batch and returns those still wanted; the
    others are cancelled.
    """
    _still_needed[prefix] = check


@dataclass(frozen=True)
class Mail:
    """One message to render and enqueue (the bulk form of `enqueue_mail`).

    `rendered` (subject, text, html) skips the rendering: see MailTemplate.
    """

    key: str
    recipients: Sequence[str]
    template: str = ""
    context: dict = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()
    rendered: tuple[str, str, str] | None = None


class MailTemplate:
    """A template rendered once, with slots filled per message: for thousands of
    messages that differ only in a few values (a province's name, a link).

        template = MailTemplate("reminder", {"name": MailTemplate.slot("name")})
        subject, text, html = template.fill(name="Hà Nội")

    The values are escaped in the HTML part.
    """

    @staticmethod
    def slot(name: str) -> str:
        return f"\ue000{name}\ue001"

    def __init__(self, template: str, context: dict):
        self.parts = render_mail(template, context)

    def fill(self, **values: str) -> tuple[str, str, str]:
        subject, text, html = self.parts
        for name, value in values.items():
            mark, value = self.slot(name), str(value)
            subject = subject.replace(mark, " ".join(value.split()))
            text = text.replace(mark, value)
            html = html.replace(mark, escape(value))
        return subject, text, html


def _clean_recipients(recipients: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for address in recipients:
        address = (address or "").strip()
        if address and address.lower() not in {a.lower() for a in seen}:
            seen[address] = None
    return list(seen)


def render_mail(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of `templates/emails/<template>_*`, in Vietnamese."""
    context = {"portal_url": settings.PORTAL_BASE_URL.rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_message.txt", context)
        try:
            html = render_to_string(f"emails/{template}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    subject = " ".join(subject.split())
    return subject, text, html


def _encode(attachments: Sequence[Attachment]) -> list[dict]:
    return [
        {
            "filename": name,
            "mimetype": mimetype,
            "content_b64": base64.b64encode(content).decode("ascii"),
        }
        for name, content, mimetype in attachments
    ]


def enqueue_mails(mails: Iterable[Mail], *, now: datetime | None = None) -> int:
    """Write one queued row per message and recipient; return how many were new.

    A (key, recipient) that already has a row is left alone, whatever its state:
    two dispatchers, a redelivered task or a double click write it once.
    """
    now = now or timezone.now()
    batch = uuid.uuid4()
    rows = []
    for mail in mails:
        recipients = _clean_recipients(mail.recipients)
        if not recipients:
            continue
        subject, text, html = mail.rendered or render_mail(mail.template, mail.context)
        encoded = _encode(mail.attachments)
        rows.extend(
            OutboxMessage(
                key=mail.key,
                recipient=recipient,
                subject=subject[:500],
                body_text=text,
                body_html=html,
                attachments=encoded,
                next_attempt_at=now,
                created_at=now,
                batch=batch,
            )
            for recipient in recipients
        )
    if not rows:
        return 0
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = OutboxMessage.objects.filter(batch=batch).count()
    if created:
        transaction.on_commit(nudge_sender)
    return created


def enqueue_mail(
    *,
    key: str,
    recipients: Iterable[str],
    template: str,
    context: dict,
    attachments: Sequence[Attachment] = (),
) -> int:
    """Queue `template` rendered with `context` to each recipient, once per key.

    Returns how many rows were new; the sender is nudged after the commit.
    """
    return enqueue_mails(
        [
            Mail(
                key=key,
                recipients=list(recipients),
                template=template,
                context=context,
                attachments=attachments,
            )
        ]
    )


def nudge_sender() -> bool:
    """Ask a worker to send the queued rows now; never raise, never hang long.

    A broker that is down is logged and forgotten: the periodic beat entry finds
    the queued rows once it is back.
    """
    from .tasks import send_queued

    timeout = settings.OUTBOX_NUDGE_TIMEOUT_SECONDS
    app = send_queued.app
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "max_retries": 0,
    }
    try:
        with app.connection_for_write(
            connect_timeout=timeout, transport_options=options
        ) as connection:
            send_queued.apply_async(
                connection=connection, retry=False, ignore_result=True
            )
    except Exception:  # noqa: BLE001 — any broker error only delays the mail
        logger.warning(
            "Could not reach the broker to nudge the outbox sender; "
            "the periodic run will send the queued messages.",
            exc_info=True,
        )
        return False
    return True


# --- sending -----------------------------------------------------------------


class TransientError(Exception):
    pass


class PermanentError(Exception):
    pass


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


def backoff(attempts: int) -> timedelta:
    """Wait before attempt number attempts+1: base, 2×base, 4×base…, at most 1 h."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


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
        OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.QUEUED).update(
            state=OutboxState.SENDING, claimed_at=now, claim_token=token
        )
    return list(OutboxMessage.objects.filter(claim_token=token).order_by("pk"))


def unwanted_keys(keys: list[str]) -> set[str]:
    """The keys of a batch that the registered checks no longer want sent."""
    unwanted: set[str] = set()
    for prefix, check in _still_needed.items():
        mine = [k for k in keys if k.startswith(prefix)]
        if not mine:
            continue
        try:
            unwanted |= set(mine) - set(check(mine))
        except Exception:  # noqa: BLE001 — a broken check must not lose mail
            logger.exception("Still-needed check failed for %s", prefix)
    return unwanted


def _message(row: OutboxMessage, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.recipient],
        connection=connection,
        headers={"X-Portal-Key": row.key[:200]},
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    for item in row.attachments or []:
        message.attach(
            item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"]
        )
    return message


def _finish(row: OutboxMessage, **values) -> bool:
    """Write the outcome only if the row is still ours (not swept meanwhile)."""
    return bool(
        OutboxMessage.objects.filter(
            pk=row.pk, state=OutboxState.SENDING, claim_token=row.claim_token
        ).update(claim_token=None, **values)
    )


def send_one(row: OutboxMessage, *, connection, wanted: bool = True) -> str:
    """Send one claimed row; return its new state."""
    now = timezone.now()
    if not wanted:
        _finish(row, state=OutboxState.CANCELLED, last_error="")
        return OutboxState.CANCELLED
    attempts = row.attempts + 1
    try:
        # Keep one SMTP session for the whole batch: a backend not yet open would
        # open and close a session for every message.
        if getattr(connection, "connection", False) is None:
            connection.open()
        _message(row, connection).send()
    except Exception as exc:  # noqa: BLE001 — classified below
        kind = classify(exc)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
        if kind is TransientError and attempts < settings.OUTBOX_MAX_ATTEMPTS:
            _finish(
                row,
                state=OutboxState.QUEUED,
                attempts=attempts,
                last_error=error,
                next_attempt_at=now + backoff(attempts),
            )
            logger.info("Outbox %s: temporary failure, retry later: %s", row.pk, error)
            return OutboxState.QUEUED
        _finish(row, state=OutboxState.FAILED, attempts=attempts, last_error=error)
        logger.warning("Outbox %s failed: %s", row.pk, error)
        return OutboxState.FAILED
    _finish(row, state=OutboxState.SENT, attempts=attempts, sent_at=timezone.now())
    return OutboxState.SENT


def send_queued(*, limit: int = 100, budget_seconds: float = 50.0) -> dict[str, int]:
    """Claim and send due rows in batches until none is due or the budget is spent."""
    started = timezone.now()
    counts: dict[str, int] = {}
    connection = get_connection()
    try:
        while True:
            rows = claim(limit=limit)
            if not rows:
                break
            unwanted = unwanted_keys(sorted({row.key for row in rows}))
            for row in rows:
                state = send_one(
                    row, connection=connection, wanted=row.key not in unwanted
                )
                counts[state] = counts.get(state, 0) + 1
            if (timezone.now() - started).total_seconds() > budget_seconds:
                counts["more"] = 1
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
    return counts


def sweep_stuck(*, now: datetime | None = None) -> int:
    """Re-queue rows left in `sending` by a worker that died; return how many."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.OUTBOX_STUCK_AFTER_MINUTES)
    count = OutboxMessage.objects.filter(
        state=OutboxState.SENDING, claimed_at__lt=stale
    ).update(
        state=OutboxState.QUEUED,
        claim_token=None,
        next_attempt_at=now,
        last_error="Re-queued: the sender stopped before finishing.",
    )
    if count:
        logger.warning("Outbox sweeper re-queued %s stuck message(s).", count)
    return count


def cancel(*, keys: Iterable[str] = (), key_prefix: str = "") -> int:
    """Cancel queued rows by exact key or by prefix; return how many."""
    rows = OutboxMessage.objects.filter(state=OutboxState.QUEUED)
    keys = list(keys)
    if keys:
        rows = rows.filter(key__in=keys)
    elif key_prefix:
        rows = rows.filter(key__startswith=key_prefix)
    else:
        return 0
    return rows.update(state=OutboxState.CANCELLED)


def resend(*, message: OutboxMessage, now: datetime | None = None) -> OutboxMessage:
    """Queue a failed, cancelled or sent message again as a new row (same content)."""
    now = now or timezone.now()
    copy = OutboxMessage.objects.create(
        key=f"resend:{message.pk}:{now.isoformat()}"[:255],
        recipient=message.recipient,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        attachments=message.attachments,
        next_attempt_at=now,
        created_at=now,
    )
    transaction.on_commit(nudge_sender)
    return copy
