"""The upload form of a delegate list in Excel."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, VersionField

from ..models import DelegateImport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DelegateImportForm(CleanForm):
    """An .xlsx file and whether it adds to the list or replaces it."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template; the file is checked before anything changes."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the list"),
        choices=DelegateImport.Mode.choices,
        initial=DelegateImport.Mode.APPEND,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "file",
            "mode",
            Submit("check", _("Check the file"), css_class="btn-primary"),
        )


class ConfirmImportForm(CleanForm):
    """A confirm carries the list's version its preview counted."""

    list_version = VersionField()
