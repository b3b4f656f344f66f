"""Argument types shared by the management commands."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def iso_date(value: str) -> date:
    """Parse a YYYY-MM-DD day, refusing anything else with a Vietnamese message."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _('"%(value)s" is not a date in the form YYYY-MM-DD.') % {"value": value}
        ) from None
