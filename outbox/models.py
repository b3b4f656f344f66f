from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboxState


class OutboxMessage(models.Model):
    """One e-mail to one recipient; (key, recipient) is what makes it happen once."""

    # What makes the message happen once, e.g. "list-submitted:17:2022-11-18T10:02:11":
    # the same key never goes twice to the same address. The outbox never reads
    # it: what a message is about is in `topic` and `about`.
    key = models.CharField(_("key"), max_length=255)
    # The kind of message, named by the app that wrote it (e.g. "reminder"): the
    # outbox pages filter by it, and a check registered for it may cancel the row
    # before it goes (services/sending.py). Empty: always sent.
    topic = models.CharField(_("topic"), max_length=40, blank=True, editable=False)
    # The ids the topic's owner needs to decide (e.g. {"rule": 3, "point": 17,
    # "deadline": "2022-11-20T16:59:00+00:00"}); the outbox only hands it back.
    about = models.JSONField(_("about"), default=dict, blank=True, editable=False)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=500)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=OutboxState.choices,
        default=OutboxState.QUEUED,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Set when a sender claims the row; the sweeper re-queues rows claimed long ago.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    # Which send wrote the row (one enqueue call, or one click of a mass send):
    # its progress page counts the rows by state.
    batch = models.UUIDField(null=True, blank=True, editable=False)
    # A message with a secret (a password reset link): the text keeps only slots,
    # which the filler registered under this name fills at each send, from `ref`
    # (e.g. a user id). The secret itself is never stored (services/secrets.py).
    secret_filler = models.CharField(max_length=64, blank=True, editable=False)
    secret_ref = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        # The outbox pages (outbox.permissions); accounts.roles grants it.
        permissions = [("use_outbox", _("Can use the outbox pages and mass sends"))]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"], name="outbox_key_recipient_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"], name="outbox_state_next_idx"
            ),
            models.Index(fields=["batch"], name="outbox_batch_idx"),
            models.Index(fields=["topic", "created_at"], name="outbox_topic_idx"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    @property
    def has_secret(self) -> bool:
        """Made complete only at send time: never shown in full, never resent."""
        return bool(self.secret_filler)
