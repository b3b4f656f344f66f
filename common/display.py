"""A stored value as people read it: the one rule of the history pages and the admin's.

Local time as dd/mm/yyyy HH:MM, a person by name and unit, a phone in the national
form, a choice by its label, "—" for nothing.
"""

from datetime import date, datetime
from typing import cast

import phonenumbers
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
_MISSING = object()


def national_phone(value: str) -> str:
    """A phone number the way Vietnamese people write it, whatever its stored form.

    A mobile in groups of 4-3-3 (0912 345 678); a fixed line as its area code,
    then the subscriber's number in two groups: 0222 382 2456 (Bắc Ninh's
    0222), 024 3824 1234 (Hà Nội's 024). A foreign number in the international
    form; what is not a number is returned as written. Stored E.164 (+84...) and
    typed forms (0222.3822.456) alike: the one rule every page's `phone` filter
    and every export use.
    """
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), "VN")
    except phonenumbers.NumberParseException:
        return str(value)
    if number.country_code != 84:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    if not phonenumbers.is_valid_number(number):
        return str(value)
    digits = phonenumbers.national_significant_number(number)
    area = phonenumbers.length_of_geographical_area_code(number)
    if area and len(digits) == 10:
        code, rest = digits[:area], digits[area:]
        split = 4 if len(rest) == 8 else 3
        return f"0{code} {rest[:split]} {rest[split:]}"
    if len(digits) == 9:
        return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def local_datetime(moment: datetime) -> str:
    """A moment as people read it: local time, dd/mm/yyyy HH:MM."""
    return date_format(timezone.localtime(moment), "d/m/Y H:i")


def describe_object(obj) -> str:
    """An object by the label people know it by (a user: name and unit)."""
    if obj is None:
        return EMPTY
    return str(getattr(obj, "name_and_unit", obj))


def display_value(model_field, value, *, related=_MISSING) -> str:
    """Return a field's stored value as people read it.

    For a foreign key, `related` is the object already loaded, if the caller has it;
    otherwise it is looked up.
    """
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(capfirst(dict(model_field.flatchoices).get(value, value)))
    if isinstance(model_field, models.ForeignKey):
        if related is _MISSING:
            # A class once the apps are loaded ("self" only in the field's declaration).
            related_model = cast(type[models.Model], model_field.related_model)
            manager = related_model._default_manager
            related = manager.filter(pk=getattr(value, "pk", value)).first()
        return describe_object(related)
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return date_format(value, "d/m/Y")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if model_field.name.endswith("phone") and str(value).startswith("+"):
        return national_phone(str(value))
    return str(value)
