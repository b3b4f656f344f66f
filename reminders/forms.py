from django import forms
from django.utils.translation import gettext_lazy as _

from outbox.enums import OutboxState


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("all"))] + list(OutboxState.choices),
    )
    kind = forms.ChoiceField(
        label=_("About"),
        required=False,
        choices=[
            ("", _("all")),
            ("reminder", _("reminders")),
            ("summary", _("daily summaries")),
            ("submitted", _("lists submitted")),
            ("reopened", _("lists reopened")),
            ("invitation", _("invitations")),
            ("resend", _("sent again")),
        ],
    )
    q = forms.CharField(label=_("Recipient or subject"), required=False, max_length=200)
