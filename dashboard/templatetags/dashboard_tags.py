"""Small pieces of the dashboard's rows, rendered once per status and language.

The table prints a hundred rows: a badge rendered from its template for each row
would cost more than the query that feeds them.
"""

from functools import cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from conference.templatetags.list_status import list_status_badge
from participants.enums import Agency

register = template.Library()


@cache
def _status_badge(status: str, language: str) -> str:
    return render_to_string(
        "conference/_list_status_badge.html", list_status_badge(status)
    )


@register.simple_tag
def status_badge(status) -> str:
    """The list status badge of `conference`'s tag, cached per status and language."""
    return mark_safe(_status_badge(str(status), translation.get_language()))


@cache
def _agency_labels(language: str) -> list[tuple[str, str]]:
    return [(f"agency_{a.value}", str(a.label)) for a in Agency]


@register.simple_tag
def agency_breakdown(point) -> str:
    """'Sở Nội vụ 3 · Sở Tư pháp 1': the point's delegates by agency, none left out."""
    parts = []
    for attribute, label in _agency_labels(translation.get_language()):
        count = getattr(point, attribute, 0)
        if count:
            parts.append(f"{label} {count}")
    return " · ".join(parts)
