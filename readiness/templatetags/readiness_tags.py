"""The readiness badge: its label from the enum, a colour and a symbol per level."""

from functools import cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from readiness.enums import Readiness, TestResult

register = template.Library()

# Colour never carries the meaning alone: a symbol and the label are printed.
_BADGES = {
    Readiness.NOT_TESTED: ("text-bg-light border", "○"),
    Readiness.IN_PROGRESS: ("text-bg-primary", "◐"),
    Readiness.PROBLEM: ("text-bg-danger", "✗"),
    Readiness.READY: ("text-bg-success", "✓"),
}


@cache
def _badge(level: str, language: str) -> str:
    level = Readiness(level)
    css_class, symbol = _BADGES[level]
    return render_to_string(
        "readiness/_readiness_badge.html",
        {"level": level, "css_class": css_class, "symbol": symbol},
    )


@register.simple_tag
def readiness_badge(level) -> str:
    """The readiness badge, rendered once per level and language."""
    return mark_safe(_badge(str(level), translation.get_language()))


@register.filter
def result_label(value) -> str:
    """A test result's label, or a dash when the round was not run."""
    if not value:
        return "—"
    return str(TestResult(value).label).capitalize()
