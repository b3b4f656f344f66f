"""Reads for the outbox pages."""

from django.db.models import Q, QuerySet

from outbox.models import OutboxMessage

# What a message is about, by the start of its key.
KINDS = {
    "reminder": "reminder:",
    "summary": "summary:",
    "submitted": "list-submitted:",
    "reopened": "list-reopened:",
    "invitation": "invitation:",
    "resend": "resend:",
}


def outbox_messages(*, state: str = "", kind: str = "", q: str = "") -> QuerySet:
    rows = OutboxMessage.objects.defer("body_text", "body_html", "attachments")
    if state:
        rows = rows.filter(state=state)
    if kind in KINDS:
        rows = rows.filter(key__startswith=KINDS[kind])
    if q:
        rows = rows.filter(Q(recipient__icontains=q) | Q(subject__icontains=q))
    return rows.order_by("-created_at", "-pk")
