from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What an empty drop-down says, in the portal's forms and in the admin alike.
BLANK_LABEL = _("— Choose —")


class PortalConfig(AppConfig):
    """Project-wide settings of Django's own forms; holds no models."""

    name = "config"
    verbose_name = _("Conference portal")

    def ready(self):
        from django.db.models import fields
        from django.forms import models as form_models

        # Django writes "---------" for "nothing chosen yet", in every choice field
        # (BLANK_CHOICE_DASH, a list read at each call: changed in place) and every
        # foreign-key field (ModelChoiceField's keyword default).
        fields.BLANK_CHOICE_DASH[:] = [("", BLANK_LABEL)]
        form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = (
            BLANK_LABEL
        )
