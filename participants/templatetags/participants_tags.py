from django import template
from django.utils.timesince import timeuntil
from django.utils.translation import ngettext_lazy

from participants.normalise import format_phone

register = template.Library()

# Django's own vi catalogue lacks the "%(num)d ..." forms timeuntil uses, so the
# portal carries them in its catalogue.
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def phone(value: str) -> str:
    """Show a stored E.164 number the way Vietnamese readers write it."""
    return format_phone(value)


@register.filter
def time_left(deadline, now) -> str:
    """Say how long until the deadline, in the user's language (e.g. "2 ngày, 3 giờ")."""
    return timeuntil(deadline, now, time_strings=TIME_STRINGS)
