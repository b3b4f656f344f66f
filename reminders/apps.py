from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_schedule(sender, **kwargs):
    if sender.label != "reminders":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class RemindersConfig(AppConfig):
    """Reminders before each deadline, the daily summary, "remind now" and the
    invitations (a panel on the outbox page).

    The top layer: reads conference, participants and tasks; writes e-mail only
    through the outbox.
    """

    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from outbox.panels import register_panel
        from outbox.services import register_still_needed
        from outbox.topics import register_topic

        from .enums import INVITATION_TOPIC, SUMMARY_TOPIC, TOPIC
        from .panels import outbox_panel
        from .services import still_needed

        register_topic(TOPIC, _("reminders"))
        register_topic(SUMMARY_TOPIC, _("daily summaries"))
        register_topic(INVITATION_TOPIC, _("invitations"))
        # The outbox asks before sending a reminder whether its work is still undone.
        register_still_needed(TOPIC, still_needed)
        register_panel(
            "reminders",
            template="reminders/_outbox_panel.html",
            context=outbox_panel,
        )
        post_migrate.connect(_ensure_schedule, dispatch_uid="reminders.ensure_schedule")
