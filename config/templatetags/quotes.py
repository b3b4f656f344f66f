"""`{{ title|quoted }}`: a name in Vietnamese quotation marks (`common.quotes`)."""

from django import template

from common.quotes import quoted as quote

register = template.Library()


@register.filter
def quoted(value) -> str:
    """The value between “ and ”, its own quotations one level down."""
    return quote(str(value)) if value not in (None, "") else ""
