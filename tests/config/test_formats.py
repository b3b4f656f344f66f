"""Dates and times are read and shown as dd/mm/yyyy and HH:MM, whatever Django's default."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats, translation

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_date_is_read_day_first():
    with translation.override("vi"):
        assert forms.DateField().clean("11/12/2026") == date(2026, 12, 11)
        assert forms.DateField().clean("2026-12-11") == date(2026, 12, 11)


def test_a_date_time_is_read_day_first_in_local_time():
    with translation.override("vi"):
        value = forms.DateTimeField().clean("11/12/2026 14:30")
    assert value == datetime(2026, 12, 11, 14, 30, tzinfo=VN)


def test_a_month_first_date_is_refused():
    field = forms.DateField()
    with translation.override("vi"):
        try:
            field.clean("12/31/2026")
        except forms.ValidationError:
            return
    raise AssertionError("12/31/2026 was accepted")


def test_dates_are_shown_day_first():
    with translation.override("vi"):
        assert formats.localize_input(date(2026, 12, 11)) == "11/12/2026"
        assert formats.date_format(date(2026, 12, 11)) == "11/12/2026"
        assert (
            formats.date_format(datetime(2026, 12, 11, 14, 30), "DATETIME_FORMAT")
            == "11/12/2026 14:30"
        )
        assert formats.get_format("TIME_INPUT_FORMATS")[0] == "%H:%M"
