from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What an empty drop-down says, in the portal's forms and in the admin alike.
BLANK_LABEL = _("— Choose —")
# What the admin's yes/no icons say to a screen reader (Django writes True/False/None).
BOOLEAN_LABELS = {True: _("Yes"), False: _("No"), None: _("Unknown")}


def boolean_icon(field_val):
    """Django admin's yes/no icon, with its alternative text in Vietnamese."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{icon}.svg"),
        BOOLEAN_LABELS[field_val],
    )


def capitalised_choices(display_for_field):
    """Django admin's cell display, with a choice's label capitalised: the portal's
    labels are lower-case to sit inside sentences, and a cell starts with them."""
    from django.utils.text import capfirst

    def display(value, field, empty_value_display, *args, **kwargs):
        shown = display_for_field(value, field, empty_value_display, *args, **kwargs)
        if getattr(field, "flatchoices", None) and shown != empty_value_display:
            return capfirst(shown)
        return shown

    return display


class PortalConfig(AppConfig):
    """Project-wide settings of Django's own forms and admin; holds no models."""

    name = "config"
    verbose_name = _("Conference portal")

    def ready(self):
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list
        from django.db.models import fields
        from django.forms import models as form_models

        # Django writes "---------" for "nothing chosen yet", in every choice field
        # (BLANK_CHOICE_DASH, a list read at each call: changed in place) and every
        # foreign-key field (ModelChoiceField's keyword default).
        fields.BLANK_CHOICE_DASH[:] = [("", BLANK_LABEL)]
        form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = (
            BLANK_LABEL
        )
        # The admin imports the icon from this module at each call.
        admin_list._boolean_icon = boolean_icon
        # Both modules bound Django's function at import: replace both bindings.
        admin_list.display_for_field = capitalised_choices(admin_list.display_for_field)
        helpers.display_for_field = capitalised_choices(helpers.display_for_field)
