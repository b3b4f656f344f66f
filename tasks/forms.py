from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import TaskStatus


class TaskStatusForm(forms.Form):
    """A unit's member marks its task; Vụ CCHC and the admins may also cancel one."""

    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, manage_all: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manage_all:
            self.fields["status"].choices = [
                c for c in TaskStatus.choices if c[0] != TaskStatus.CANCELLED
            ]
