"""Normalise the phone numbers people type or paste: one format stored (E.164),
the Vietnamese way shown.

The text rule (NFC, no control or invisible characters, no bidi overrides) is
common.text's, shared by every app.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.display import national_phone
from common.text import normalise_text


def normalise_phone(value) -> str:
    """Return a Vietnamese phone number in E.164 (+84...), or "" for an empty value.

    Accepts the forms people use: 0912 345 678, 0912.345.678, +84 912 345 678,
    84912345678, (024) 3824 1234, and a number that lost its leading 0 in a
    spreadsheet cell (912345678, 912345678.0).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise_text(value)
    if not text:
        return ""
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    digits = re.sub(r"[\s.\-()/]", "", text)
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            invalid_phone_message(text), code="invalid_phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(invalid_phone_message(text), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def invalid_phone_message(text: str) -> str:
    return _("“%(value)s” is not a valid Vietnamese phone number.") % {"value": text}


def format_phone(e164: str) -> str:
    """Return a stored number the way Vietnamese readers write it (0912 345 678,
    0222 382 2456): common.display's one rule."""
    return national_phone(e164)
