"""The readiness badge: its label from the enum, a colour and a symbol per level."""

from django import template

from readiness.enums import Readiness, TestResult

register = template.Library()

# Colour never carries the meaning alone: a symbol and the label are printed.
_BADGES = {
    Readiness.NOT_TESTED: ("text-bg-light border", "○"),
    Readiness.IN_PROGRESS: ("text-bg-primary", "◐"),
    Readiness.PROBLEM: ("text-bg-danger", "✗"),
    Readiness.READY: ("text-bg-success", "✓"),
}


@register.inclusion_tag("readiness/_readiness_badge.html")
def readiness_badge(level):
    level = Readiness(level)
    css_class, symbol = _BADGES[level]
    return {"level": level, "css_class": css_class, "symbol": symbol}


@register.filter
def result_label(value) -> str:
    """A test result's label, or a dash when the round was not run."""
    if not value:
        return "—"
    return str(TestResult(value).label).capitalize()
