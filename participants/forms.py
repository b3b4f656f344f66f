"""The forms of a delegate list: a delegate (also each row of an Excel import),
the upload and its confirmation, the point's details (Vụ CCHC's decisions are in
`decision_forms`)."""

from uuid import uuid4

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row, Submit
from django import forms
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import xlsx
from common.forms import CleanForm, CleanModelForm, VersionField
from conference.models import BridgePoint

from .enums import Agency, DelegateRole
from .models import Delegate, DelegateImport
from .names import (
    case_message,
    leading_title,
    proper_case,
    title_message,
    without_title,
)
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
    # Shown once the form offered the name in proper case (`offer_case`).
    keep_name_as_typed = forms.BooleanField(
        label=_("Keep the name as typed"), required=False
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
        self,
        *args,
        point: BridgePoint,
        index: DelegateIndex | None = None,
        offer_case: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.point = point
        self.instance.point = point
        self._index = index
        # The web form stops once on a name in mixed case and fills in the proper
        # case for the user to save (or keep what they typed); the import only
        # warns beside the row.
        self.offer_case = offer_case
        # Set by clean_full_name(): the warning on a name in mixed case.
        self.case_warning: str | None = None
        # The name put in the field for the user to save, when one was offered.
        self.offered_name: str | None = None
        if not offer_case:
            del self.fields["keep_name_as_typed"]
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
            *(name for name in ("version", "creation_token") if name in self.fields),
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
        if self.offered_name is not None and "keep_name_as_typed" in self.fields:
            helper.layout.insert(-1, "keep_name_as_typed")
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

    def _offer_name(self, name: str) -> None:
        """Put `name` in the field the page shows again, for the user to save."""
        self.offered_name = name
        self.data = self.data.copy()
        self.data[self.add_prefix("full_name")] = name

    def _keeps_name(self) -> bool:
        field = self.fields.get("keep_name_as_typed")
        if field is None:
            return False
        value = field.widget.value_from_datadict(
            self.data, self.files, self.add_prefix("keep_name_as_typed")
        )
        return bool(field.to_python(value))

    def clean_full_name(self):
        name = self.cleaned_data.get("full_name") or ""
        if leading_title(name):
            if self.offer_case:
                self._offer_name(proper_case(without_title(name)))
            raise forms.ValidationError(title_message(name), code="title")
        if proper_case(name) != name:
            self.case_warning = case_message(name)
            if self.offer_case and not self._keeps_name():
                self._offer_name(proper_case(name))
                offer = _(
                    "It is filled in: save again to use it, or tick “Keep the "
                    "name as typed”."
                )
                raise forms.ValidationError(
                    f"{self.case_warning} {offer}",
                    code="name_case",
                )
        return name

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        # An other agency without a name is refused by the model's clean().
        if agency and agency != Agency.OTHER:
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


class DelegateCreateForm(DelegateForm):
    """A new delegate, with the add form's one-time token: the same form sent twice
    (a double click on "Save") adds the delegate once."""

    creation_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        if not self.is_bound:
            self.fields["creation_token"].initial = uuid4()


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


class DelegateImportForm(CleanForm):
    """An .xlsx file and whether it adds to the list or replaces it."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template; the file is checked before anything changes."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.CONTENT_TYPE}"}),
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
            "room_capacity",
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
            Row(
                Column("room", css_class="col-md-8"),
                Column("room_capacity", css_class="col-md-4"),
            ),
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
