"""Reads of the outbox for the apps above it: progress of a send, counts, previews."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet

from .enums import OutboxState
from .models import OutboxMessage
from .services.composing import clean_recipients


@dataclass(frozen=True)
class BatchProgress:
    """How far one send has got: rows by state."""

    created_at: datetime | None = None
    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.sending + self.sent + self.failed + self.cancelled

    @property
    def finished(self) -> int:
        return self.sent + self.failed + self.cancelled

    @property
    def running(self) -> bool:
        return bool(self.queued or self.sending)


def batch_progress(*, batch: uuid.UUID) -> BatchProgress:
    """The rows of one send counted by state, and when it was written, in one query."""
    groups = list(
        OutboxMessage.objects.filter(batch=batch)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"), first=Min("created_at"))
    )
    counts = {group["state"]: group["n"] for group in groups}
    return BatchProgress(
        created_at=min((group["first"] for group in groups), default=None),
        **{state.value: counts.get(state.value, 0) for state in OutboxState},
    )


def count_since(*, topic: str, about: dict, since: datetime) -> int:
    """How many rows of `topic` whose `about` holds `about` (e.g. {"user": 7}) were
    written since `since`."""
    return OutboxMessage.objects.filter(
        topic=topic, about__contains=about, created_at__gte=since
    ).count()


def new_rows(mails: Iterable[tuple[str, Sequence[str]]]) -> set[tuple[str, str]]:
    """The (key, recipient) rows enqueuing these (key, recipients) would write now:
    each recipient once per key, none that already has a row. Writes nothing."""
    pairs = {
        (key, recipient)
        for key, recipients in mails
        for recipient in clean_recipients(recipients)
    }
    if not pairs:
        return set()
    existing = set(
        OutboxMessage.objects.filter(key__in={key for key, _r in pairs}).values_list(
            "key", "recipient"
        )
    )
    return pairs - existing


def outbox_messages(*, state: str = "", topic: str = "", q: str = "") -> QuerySet:
    """The outbox page's rows, newest first, by state, topic and recipient/subject."""
    rows = OutboxMessage.objects.defer("body_text", "body_html", "attachments")
    if state:
        rows = rows.filter(state=state)
    if topic:
        rows = rows.filter(topic=topic)
    if q:
        rows = rows.filter(Q(recipient__icontains=q) | Q(subject__icontains=q))
    return rows.order_by("-created_at", "-pk")
