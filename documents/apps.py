from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_schedule(sender, **kwargs):
    if sender.label != "documents":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    # The plan file's `documents:` section (plans.services.plan_file.plan_sections).
    plan_sections = ("documents",)

    def ready(self):
        from outbox.topics import register_topic

        from .enums import PROGRAMME_TOPIC

        register_topic(PROGRAMME_TOPIC, _("programme published"))
        post_migrate.connect(_ensure_schedule, dispatch_uid="documents.ensure_schedule")

    def load_plan_section(self, name, data, *, conference, shift):
        from .services.plan import load_plan_documents

        load_plan_documents(conference=conference, data=data, shift=shift)
