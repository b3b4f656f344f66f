"""Form fields shared by the apps: dates as people in Vietnam write them."""

from django import forms
from django.utils.translation import gettext_lazy as _

VN_DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class VnDateTimeField(forms.DateTimeField):
    """A date and time typed as dd/mm/yyyy HH:MM, whatever the browser's language.

    A plain text input rather than `datetime-local`, whose display follows the
    browser's locale and would show an English or American order.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [VN_DATETIME_FORMAT])
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                format=VN_DATETIME_FORMAT,
                attrs={
                    "placeholder": "dd/mm/yyyy HH:MM",
                    "autocomplete": "off",
                    "pattern": r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",
                },
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter a date and time as dd/mm/yyyy HH:MM.")},
        )
        super().__init__(**kwargs)
