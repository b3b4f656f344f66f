from django import template

from participants.normalise import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """Show a stored E.164 number the way Vietnamese readers write it."""
    return format_phone(value)
