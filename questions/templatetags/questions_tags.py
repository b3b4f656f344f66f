"""The badges of a question's status and a comment's disposition: the label from
the enum, a colour that never carries the meaning alone."""

from django import template

from questions.enums import Disposition, QuestionStatus

register = template.Library()

_STATUS_CLASSES = {
    QuestionStatus.NEW: "text-bg-secondary",
    QuestionStatus.IN_PROGRESS: "text-bg-info",
    QuestionStatus.ANSWERED_IN_WRITING: "text-bg-success",
    QuestionStatus.AT_CONFERENCE: "text-bg-warning",
    QuestionStatus.ANSWERED_AT_CONFERENCE: "text-bg-success",
    QuestionStatus.MERGED: "text-bg-light border",
}
_DISPOSITION_CLASSES = {
    Disposition.PENDING: "text-bg-secondary",
    Disposition.ACCEPTED: "text-bg-success",
    Disposition.PARTLY_ACCEPTED: "text-bg-info",
    Disposition.EXPLAINED: "text-bg-light border",
}


@register.inclusion_tag("questions/_badge.html")
def question_status_badge(status):
    status = QuestionStatus(status)
    return {
        "value": status.value,
        "label": status.label,
        "css": _STATUS_CLASSES[status],
    }


@register.inclusion_tag("questions/_badge.html")
def disposition_badge(disposition):
    disposition = Disposition(disposition)
    return {
        "value": disposition.value,
        "label": disposition.label,
        "css": _DISPOSITION_CLASSES[disposition],
    }
