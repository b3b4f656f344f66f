from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboxState


class OutboxMessage(models.Model):
    """One e-mail to one recipient; (key, recipient) is what makes it happen once."""

    # What the message is about, e.g. "reminder:3:point:17:2022-11-19T23:59" or
    # "list-submitted:17:2022-11-18T10:02:11": the same key never goes twice to
    # the same address.
    key = models.CharField(_("key"), max_length=255)
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
    # Which enqueue call wrote the row: counts the new rows of one call exactly.
    batch = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
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
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"
