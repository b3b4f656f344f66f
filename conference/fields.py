"""Form fields shared by the apps: dates as people in Vietnam write them."""

import datetime

from django import forms
from django.forms.utils import from_current_timezone
from django.utils.translation import gettext_lazy as _

VN_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
VN_DATE_FORMAT = "%d/%m/%Y"
# A deadline given as a day alone runs to the end of that day, never to its start.
END_OF_DAY = datetime.time(23, 59)
# What a date field says, in the reader's words ("ngày/tháng/năm giờ:phút"), never
# a programmer's pattern (dd/mm/yyyy HH:MM): its placeholder and its errors.
DATETIME_PLACEHOLDER = _("day/month/year hour:minute")


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
                    "placeholder": DATETIME_PLACEHOLDER,
                    "autocomplete": "off",
                    "pattern": r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",
                },
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _(
                    "Enter the day and time as day/month/year hour:minute, for "
                    "example 20/11/2022 17:00."
                )
            },
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


class VnDeadlineField(VnDateTimeField):
    """A deadline typed as dd/mm/yyyy HH:MM, or as dd/mm/yyyy for 23:59 that day.

    A day alone read as 00:00 would end the day before the one the person meant.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _(
                    "Enter the day as day/month/year, with the time as hour:minute "
                    "if needed, for example 20/11/2022 17:00 (a day alone means "
                    "23:59 that day)."
                )
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs["pattern"] = r"\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2})?"

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            try:
                day = datetime.datetime.strptime(text, VN_DATE_FORMAT).date()
            except ValueError:
                pass
            else:
                return from_current_timezone(datetime.datetime.combine(day, END_OF_DAY))
        return super().to_python(value)
