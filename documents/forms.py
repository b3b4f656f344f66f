from django import forms
from django.utils.translation import gettext_lazy as _

from conference.enums import DocumentKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (DocumentKind.SCHEME, DocumentKind.SCHEME.label),
            (DocumentKind.OTHER, DocumentKind.OTHER.label),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF or Word (.pdf, .docx, .doc).")
    )
