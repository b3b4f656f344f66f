"""Writing rows: enqueue, nudge the sender, resend."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from common.broker import enqueue_or_leave_for_beat

from ..models import OutboxMessage
from .composing import (
    Attachment,
    Mail,
    Secret,
    clean_recipients,
    decode_attachments,
    encode_attachments,
    render_mail,
)
from .secrets import has_filler

logger = logging.getLogger(__name__)

RESEND_TOPIC = "resend"


def enqueue_mails(
    mails: Iterable[Mail],
    *,
    now: datetime | None = None,
    batch: uuid.UUID | None = None,
) -> int:
    """Write one queued row per message and recipient; return how many were new.

    A (key, recipient) that already has a row is left alone, whatever its state:
    two dispatchers, a redelivered task or a double click write it once. The rows
    carry `batch` (a new one unless given), so one send's progress can be followed
    even when its rows are written by several calls.
    """
    now = now or timezone.now()
    shared = batch is not None
    batch = batch or uuid.uuid4()
    rows: list[OutboxMessage] = []
    for mail in mails:
        recipients = clean_recipients(mail.recipients)
        if not recipients:
            continue
        if mail.secret is not None and not has_filler(mail.secret.filler):
            raise ValueError(f"No secret filler registered as {mail.secret.filler!r}.")
        subject, text, html = mail.rendered or render_mail(mail.template, mail.context)
        encoded = encode_attachments(mail.attachments)
        secret = mail.secret or Secret(filler="", ref="")
        rows.extend(
            OutboxMessage(
                key=mail.key,
                topic=mail.topic,
                about=mail.about,
                recipient=recipient,
                subject=subject[:500],
                body_text=text,
                body_html=html,
                attachments=encoded,
                secret_filler=secret.filler,
                secret_ref=secret.ref,
                next_attempt_at=now,
                created_at=now,
                batch=batch,
            )
            for recipient in recipients
        )
    if not rows:
        return 0
    in_batch = OutboxMessage.objects.filter(batch=batch)
    before = in_batch.count() if shared else 0
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = in_batch.count() - before
    if created:
        transaction.on_commit(nudge_sender)
    return created


def enqueue_mail(
    *,
    key: str,
    recipients: Iterable[str],
    template: str,
    context: dict,
    topic: str = "",
    about: dict | None = None,
    attachments: Sequence[Attachment] = (),
    secret: Secret | None = None,
    batch: uuid.UUID | None = None,
) -> int:
    """Queue `template` rendered with `context` to each recipient, once per key.

    Returns how many rows were new; the sender is nudged after the commit.
    """
    return enqueue_mails(
        [
            Mail(
                key=key,
                topic=topic,
                about=about or {},
                recipients=list(recipients),
                template=template,
                context=context,
                attachments=attachments,
                secret=secret,
            )
        ],
        batch=batch,
    )


def nudge_sender() -> bool:
    """Ask a worker to send the queued rows now; never raise, never hang long.

    A broker that is down only delays the mail: the periodic beat entry finds the
    queued rows once it is back.
    """
    from ..tasks import send_queued

    return enqueue_or_leave_for_beat(send_queued, what="the outbox sender")


def resend(*, message: OutboxMessage, now: datetime | None = None) -> int:
    """Queue a copy of a message (same recipient and content) as a new row.

    One copy per message and minute: a double click resends once. A message
    carrying a secret is never copied (returns 0).
    """
    if message.has_secret:
        return 0
    now = now or timezone.now()
    return enqueue_mails(
        [
            Mail(
                key=f"resend:{message.pk}:{now:%Y%m%dT%H%M}",
                # A copy someone asked for goes whatever its original was about.
                topic=RESEND_TOPIC,
                about={"of": message.pk},
                recipients=[message.recipient],
                rendered=(message.subject, message.body_text, message.body_html),
                attachments=decode_attachments(message.attachments),
            )
        ],
        now=now,
    )
