from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_schedule(sender, **kwargs):
    if sender.label != "outbox":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class OutboxConfig(AppConfig):
    """Every e-mail of the portal: one row per message and recipient, sent by Celery.

    The bottom layer: it imports no other app of the project.
    """

    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from .services.enqueue import RESEND_TOPIC
        from .topics import register_topic

        register_topic(RESEND_TOPIC, _("sent again"))
        post_migrate.connect(_ensure_schedule, dispatch_uid="outbox.ensure_schedule")
