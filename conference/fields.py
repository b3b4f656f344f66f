"""Form fields shared by the apps: dates as people in Vietnam write them."""

import datetime

from django import forms
from django.forms.utils import from_current_timezone
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

    def to_python(self, value):
        # Only dd/mm/yyyy HH:MM: Django's DateTimeField would also take ISO 8601,
        # which reads 03/04 and 2022-04-03 differently for the same person.
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value)
        result = forms.fields.BaseTemporalField.to_python(self, value)
        return from_current_timezone(result)
