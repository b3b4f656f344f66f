"""Vụ CCHC's decisions on a province's list: reopening it, extending its deadline,
each with its reason."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm
from conference.fields import VnDeadlineField

from .models import DECISION_REASON_MAX_LENGTH


class _ReasonForm(CleanForm):
    # Every decision on a province's list says why: it is kept in the history and
    # sent to the province.
    reason = forms.CharField(
        label=_("Reason"),
        max_length=DECISION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _(
                "The reason may be at most %(limit_value)s characters long; it has "
                "%(show_value)s. Shorten it."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Sent to the province and kept in the history; at most %(limit)s "
            "characters."
        ) % {"limit": DECISION_REASON_MAX_LENGTH}


def example_deadline(starts_at: datetime) -> str:
    """A new deadline an organiser could type for this conference: 17:00 the day
    before it opens, as the field reads it."""
    day = timezone.localtime(starts_at).date() - timedelta(days=1)
    return datetime.combine(day, time(17, 0)).strftime("%d/%m/%Y %H:%M")


class _DeadlineDecisionForm(_ReasonForm):
    # The field's help with an example of the live conference (given by the view),
    # instead of the plan's 2022 dates.
    example_help = ""

    def __init__(self, *args, example: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if example:
            self.fields["extend_to"].help_text = self.example_help % {
                "example": example
            }


class ReopenForm(_DeadlineDecisionForm):
    """Vụ CCHC reopens a province's submitted list, optionally with a new deadline."""

    extend_to = VnDeadlineField(
        label=_("New deadline"),
        required=False,
        help_text=_(
            "Day/month/year and hour:minute, for example 20/11/2022 17:00; a day "
            "alone means 23:59 that day. Leave empty to reopen without changing "
            "the deadline."
        ),
    )
    field_order = ["extend_to", "reason"]
    example_help = _(
        "Day/month/year and hour:minute, for example %(example)s; a day alone means "
        "23:59 that day. Leave empty to reopen without changing the deadline."
    )


class ExtendDeadlineForm(_DeadlineDecisionForm):
    """Vụ CCHC gives a list not submitted yet (a draft) a later deadline."""

    extend_to = VnDeadlineField(
        label=_("New deadline"),
        required=True,
        help_text=_(
            "Day/month/year and hour:minute, for example 20/11/2022 17:00; a day "
            "alone means 23:59 that day. The province can change its list until "
            "then."
        ),
    )
    field_order = ["extend_to", "reason"]
    example_help = _(
        "Day/month/year and hour:minute, for example %(example)s; a day alone means "
        "23:59 that day. The province can change its list until then."
    )
