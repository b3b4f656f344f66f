from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"
    verbose_name = _("Questions and comments")

    def ready(self):
        from outbox.topics import register_topic

        from .notifications import ANSWERED_TOPIC

        register_topic(ANSWERED_TOPIC, _("questions answered"))

    def seed_demo(self, *, conference, now) -> None:
        """A draft with sections and a few questions, so `make run` shows them
        (called by plans.services.demo through the app registry)."""
        from .demo import seed_demo_questions

        seed_demo_questions(conference=conference, now=now)
