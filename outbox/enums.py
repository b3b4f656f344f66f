from django.db import models
from django.utils.translation import pgettext_lazy


class OutboxState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("outbox", "queued")
    SENDING = "sending", pgettext_lazy("outbox", "sending")
    SENT = "sent", pgettext_lazy("outbox", "sent")
    FAILED = "failed", pgettext_lazy("outbox", "failed")
    CANCELLED = "cancelled", pgettext_lazy("outbox", "cancelled")
