from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_schedule(sender, **kwargs):
    if sender.label != "reminders":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class RemindersConfig(AppConfig):
    """Reminders before each deadline, the daily summary, the outbox pages.

    The top layer: reads conference, participants and tasks; writes e-mail only
    through the outbox.
    """

    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from outbox.services import register_still_needed

        from .services import KEY_PREFIX, still_needed

        register_still_needed(KEY_PREFIX, still_needed)
        post_migrate.connect(_ensure_schedule, dispatch_uid="reminders.ensure_schedule")
