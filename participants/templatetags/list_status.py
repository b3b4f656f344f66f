"""The list status badge: its label from the enum, its colour and a letter per status."""

from django import template

from participants.enums import ListStatus

register = template.Library()

# Colour never carries the meaning alone: the label is always printed.
_BADGE_CLASSES = {
    ListStatus.NOT_STARTED: "text-bg-light border",
    ListStatus.DRAFT: "text-bg-secondary",
    ListStatus.SUBMITTED: "text-bg-success",
    ListStatus.REOPENED: "text-bg-warning",
    ListStatus.LATE: "text-bg-danger",
}


@register.inclusion_tag("participants/_list_status_badge.html")
def list_status_badge(status):
    status = ListStatus(status)
    return {"status": status, "css_class": _BADGE_CLASSES[status]}
