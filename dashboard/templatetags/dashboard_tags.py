"""Small pieces of the dashboard's rows, rendered once per status and language.

The table prints a hundred rows: a badge rendered from its template for each row
would cost more than the query that feeds them.
"""

from functools import cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from common.display import national_phone as _national_phone
from participants.enums import agency_labels
from participants.templatetags.list_status import list_status_badge

register = template.Library()


@cache
def _status_badge(status: str, language: str) -> str:
    return render_to_string(
        "participants/_list_status_badge.html", list_status_badge(status)
    )


@register.simple_tag
def status_badge(status) -> str:
    """The list status badge of `participants`' tag, cached per status and language."""
    return mark_safe(_status_badge(str(status), translation.get_language()))


@cache
def _agency_labels(language: str) -> list[tuple[str, str]]:
    return [(f"agency_{value}", label) for value, label in agency_labels().items()]


@register.simple_tag
def agency_breakdown(point) -> str:
    """'Sở Nội vụ 3 · Sở Tư pháp 1': the point's delegates by agency, none left out."""
    parts = []
    for attribute, label in _agency_labels(translation.get_language()):
        count = getattr(point, attribute, 0)
        if count:
            parts.append(f"{label} {count}")
    return " · ".join(parts)


@register.filter
def national_phone(phone: str) -> str:
    """A stored phone as people write it: +842223822456 → 0222 382 2456."""
    return _national_phone(phone) if phone else ""
