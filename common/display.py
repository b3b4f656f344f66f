"""A stored value as people read it: the one rule of the history pages and the admin's.

Local time as dd/mm/yyyy HH:MM, a person by name and unit, a phone in the national
form, a choice by its label, "—" for nothing.
"""

from datetime import date, datetime

import phonenumbers
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
_MISSING = object()


def national_phone(e164: str) -> str:
    """+84912345678 → 0912 345 678; a foreign number in the international form."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 84
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


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
            manager = model_field.related_model._default_manager
            related = manager.filter(pk=getattr(value, "pk", value)).first()
        return describe_object(related)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return date_format(value, "d/m/Y")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if model_field.name.endswith("phone") and str(value).startswith("+"):
        return national_phone(str(value))
    return str(value)
