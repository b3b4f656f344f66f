"""Writes of the outbox: enqueue, claim, send or cancel, retry, sweep, resend.

Every e-mail of the portal goes through `enqueue_mail`. The rows are written in the
caller's transaction; the sender is nudged only after it commits, and a broker that
is down only delays the message: a periodic beat entry sends whatever is queued.
"""

from .composing import (
    Attachment,
    Mail,
    MailTemplate,
    Secret,
    clean_recipients,
    fill_slots,
    render_mail,
    slot,
)
from .enqueue import enqueue_mail, enqueue_mails, nudge_sender, resend
from .secrets import register_secret_filler
from .sending import (
    SKIPPED,
    PermanentError,
    RelayUnavailable,
    TransientError,
    backoff,
    batch_limit,
    claim,
    classify,
    heartbeat,
    message_id,
    register_still_needed,
    release,
    send_one,
    send_queued,
    sweep_stuck,
    unregister_still_needed,
    unwanted_rows,
)

__all__ = [
    "SKIPPED",
    "Attachment",
    "Mail",
    "MailTemplate",
    "PermanentError",
    "RelayUnavailable",
    "Secret",
    "TransientError",
    "backoff",
    "batch_limit",
    "claim",
    "classify",
    "clean_recipients",
    "enqueue_mail",
    "enqueue_mails",
    "fill_slots",
    "heartbeat",
    "message_id",
    "nudge_sender",
    "register_secret_filler",
    "register_still_needed",
    "release",
    "render_mail",
    "resend",
    "send_one",
    "send_queued",
    "slot",
    "sweep_stuck",
    "unregister_still_needed",
    "unwanted_rows",
]
