from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_schedule(sender, **kwargs):
    if sender.label != "participants":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Delegates")

    def ready(self):
        from outbox.topics import register_topic

        from . import notifications

        register_topic(notifications.SUBMITTED_TOPIC, _("lists submitted"))
        register_topic(notifications.REOPENED_TOPIC, _("lists reopened"))
        register_topic(notifications.EXTENDED_TOPIC, _("deadlines extended"))
        post_migrate.connect(
            _ensure_schedule, dispatch_uid="participants.ensure_schedule"
        )
