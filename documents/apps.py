from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    # The plan file's `documents:` section (plans.services.plan_file.plan_sections).
    plan_sections = ("documents",)

    def load_plan_section(self, name, data, *, conference, shift):
        from .services import load_plan_documents

        load_plan_documents(conference=conference, data=data, shift=shift)
