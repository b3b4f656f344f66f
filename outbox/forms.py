from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm

from .enums import OutboxState
from .topics import topic_choices


class OutboxFilterForm(CleanForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("all"))] + list(OutboxState.choices),
    )
    # The topics the apps registered (outbox.topics); "kind" is the page's old name.
    kind = forms.ChoiceField(label=_("About"), required=False)
    q = forms.CharField(label=_("Recipient or subject"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all")), *topic_choices()]
