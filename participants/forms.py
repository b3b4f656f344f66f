from functools import partial

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row, Submit
from django import forms
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import CleanForm, CleanModelForm, VersionField
from conference.models import BridgePoint

from .enums import Agency, DelegateRole
from .models import Delegate
from .normalise import normalise_phone
from .rules import DelegateIndex


class SecondarySubmit(Submit):
    field_classes = "btn btn-outline-primary"


class DelegateForm(CleanModelForm):
    """One delegate; the Excel import validates each row with this same form.

    Every text is cleaned by common.text (CleanModelForm): NFC, no control or
    invisible characters, bidi overrides refused.
    """

    # Required when editing (see __init__); a new delegate has no version yet.
    version = VersionField(required=False)
    # Wider than the stored E.164 form: people type spaces, dots and brackets.
    phone = forms.CharField(
        label=capfirst(_("phone")),
        max_length=40,
        required=False,
        help_text=_("For example 0912 345 678."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Delegate
        fields = [
            "full_name",
            "position",
            "agency",
            "agency_other",
            "phone",
            "email",
            "role",
        ]
        help_texts = {"agency_other": _("Only when the agency is “Other unit”.")}

    def __init__(
        self, *args, point: BridgePoint, index: DelegateIndex | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.point = point
        self._index = index
        # Set by clean(): the same full name is already on the list (not refused).
        self.namesake_warning: str | None = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    @cached_property
    def helper(self) -> FormHelper:
        # Built only when the form is rendered: the import checks thousands of rows.
        helper = FormHelper()
        helper.layout = Layout(
            "version",
            Row(
                Column("full_name", css_class="col-md-6"),
                Column("position", css_class="col-md-6"),
            ),
            Row(
                Column("agency", css_class="col-md-6"),
                Column("agency_other", css_class="col-md-6"),
            ),
            Row(
                Column("phone", css_class="col-md-6"),
                Column("email", css_class="col-md-6"),
            ),
            "role",
        )
        buttons = [Submit("save", _("Save"))]
        if not self.instance.pk:
            # A context of its own: the plain msgid is Django admin's, and the portal's
            # "another person" must not replace the admin's wording on every model.
            buttons.append(
                SecondarySubmit(
                    "save_and_add",
                    pgettext_lazy("delegate form", "Save and add another"),
                )
            )
        helper.layout.append(Div(*buttons, css_class="d-flex flex-wrap gap-2"))
        return helper

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").lower()

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        if agency == Agency.OTHER and not cleaned.get("agency_other"):
            self.add_error("agency_other", _("Enter the name of the other unit."))
        elif agency and agency != Agency.OTHER:
            cleaned["agency_other"] = ""
        if not (self.errors.keys() & {"full_name", "phone", "email", "role"}):
            index = self._index or DelegateIndex.for_point(
                self.point, exclude_pk=self.instance.pk
            )
            conflicts = index.conflicts(
                full_name=cleaned.get("full_name", ""),
                phone=cleaned.get("phone", ""),
                email=cleaned.get("email", ""),
                role=cleaned.get("role", ""),
            )
            for field_name, message in conflicts.items():
                self.add_error(field_name, message)
            if not conflicts:
                self.namesake_warning = index.namesake_warning(
                    full_name=cleaned.get("full_name", "")
                )
        return cleaned

    def _post_clean(self):
        self.instance.point = self.point
        # The model's constraints are this form's own rules, checked with clearer
        # messages and no query: the index (one person once, one chair) and clean()
        # (an other agency has a name). Validating them again would cost a query per
        # constraint and row, thousands in an import; the database still guards them.
        full_clean = self.instance.full_clean
        self.instance.full_clean = partial(full_clean, validate_constraints=False)
        try:
            super()._post_clean()
        finally:
            del self.instance.full_clean

    def validate_unique(self):
        # Uniqueness is the index's job, with messages that name the person; the
        # database constraints stay as the last guard.
        pass


class ImportRowForm(DelegateForm):
    """A refused row of a staged import, corrected in the preview page.

    Only shown: the import checks the row again, against the list and the file.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        # A role the reader could not read shows as nothing chosen, never as the
        # first role of the list (a second chair by accident); empty means attendee,
        # as in the Excel file.
        self.fields["role"].required = False
        self.fields["role"].choices = [("", _("— Choose —")), *DelegateRole.choices]


class PointDetailsForm(CleanModelForm):
    """What a province keeps current about its point."""

    version = VersionField()
    technical_contact_phone = forms.CharField(
        label=capfirst(_("technical contact phone")),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = BridgePoint
        fields = [
            "room",
            "address",
            "technical_contact_name",
            "technical_contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            "room",
            "address",
            Row(
                Column("technical_contact_name", css_class="col-md-6"),
                Column("technical_contact_phone", css_class="col-md-6"),
            ),
            Submit("save", _("Save")),
        )

    def clean_technical_contact_phone(self):
        return normalise_phone(self.cleaned_data.get("technical_contact_phone"))


class DeleteDelegateForm(CleanForm):
    """The confirmation of a removal, with the delegate's version it was shown."""

    version = VersionField()


class SubmitListForm(CleanForm):
    """The submission of a list, with the list's version the province saw."""

    list_version = VersionField()


# A plain text input in dd/mm/yyyy HH:MM (config/formats): a native datetime-local
# picker shows the browser's language (mm/dd/yyyy AM/PM in an English browser).
_DEADLINE_INPUT = {
    "widget": forms.DateTimeInput(
        format="%d/%m/%Y %H:%M",
        attrs={
            "placeholder": _("dd/mm/yyyy hh:mm"),
            "inputmode": "numeric",
            "autocomplete": "off",
        },
    ),
}


class _ReasonForm(CleanForm):
    # Every decision on a province's list says why: it is kept in the history and
    # sent to the province.
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the province and kept in the history."),
    )


class ReopenForm(_ReasonForm):
    """Vụ CCHC reopens a province's submitted list, optionally with a new deadline."""

    extend_to = forms.DateTimeField(
        label=_("New deadline"),
        required=False,
        help_text=_(
            "Day/month/year and hour:minute, for example 20/11/2022 17:00. Leave "
            "empty to reopen without changing the deadline."
        ),
        **_DEADLINE_INPUT,
    )
    field_order = ["extend_to", "reason"]


class ExtendDeadlineForm(_ReasonForm):
    """Vụ CCHC gives a list not submitted yet (a draft) a later deadline."""

    extend_to = forms.DateTimeField(
        label=_("New deadline"),
        required=True,
        help_text=_(
            "Day/month/year and hour:minute, for example 20/11/2022 17:00. The "
            "province can change its list until then."
        ),
        **_DEADLINE_INPUT,
    )
    field_order = ["extend_to", "reason"]
