"""Form mixins: every text a form accepts is cleaned by common.text, and every
drop-down says “— Chọn —” while nothing is chosen."""

from functools import wraps
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from .text import clean_text

if TYPE_CHECKING:
    # The mixins are for forms: mypy reads them as forms, Python as plain classes.
    _FormMixinBase = forms.BaseForm
else:
    _FormMixinBase = object

# What an empty drop-down says, in the portal's forms and in the admin alike.
BLANK_LABEL = _("— Choose —")


def _cleaning(field: forms.CharField):
    to_python = field.to_python
    multiline = isinstance(field.widget, forms.Textarea)

    @wraps(to_python)
    def cleaned_to_python(value):
        value = to_python(value)
        if isinstance(value, str):
            value = clean_text(value, multiline=multiline)
        return value

    return cleaned_to_python


class CleanTextMixin(_FormMixinBase):
    """Clean every text field (CharField and its kind: e-mail, slug, URL, …)
    before its validators run, for a Form, a ModelForm or an admin form.
    Passwords are left as typed.

    Control and format characters are dropped, text is NFC and trimmed, and a
    bidirectional override is refused with a message on the field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.PasswordInput)
                and not getattr(field, "_text_cleaned", False)
            ):
                # This instance's own to_python (each form has copies of its
                # fields), marked so a second mixin in the MRO does not wrap it twice.
                field.to_python = _cleaning(field)  # type: ignore[method-assign]
                field._text_cleaned = True  # type: ignore[attr-defined]


def say_choose(field: forms.Field) -> None:
    """Make a drop-down's empty choice say BLANK_LABEL instead of Django's dashes."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = BLANK_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]  # a list after init
        if choices and tuple(choices[0]) in BLANK_CHOICE_DASH:
            field.choices = [("", BLANK_LABEL), *choices[1:]]


class ChooseMixin(_FormMixinBase):
    """Every drop-down of the form says “— Chọn —” while nothing is chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            say_choose(field)


STALE_PAGE = _(
    "This page is out of date or incomplete (its version is missing). Nothing "
    "was saved: reload the page and make your changes again."
)


class VersionField(forms.IntegerField):
    """The optimistic-locking number a form was rendered with: required, and a
    missing or malformed one refused like a stale page, never ignored."""

    widget = forms.HiddenInput
    default_error_messages = {"required": STALE_PAGE, "invalid": STALE_PAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.error_messages["min_value"] = STALE_PAGE


class HiddenErrorsMixin(_FormMixinBase):
    """Show the errors of hidden fields (a version) at the top of the form, where
    the user reads them, instead of beside a field nobody sees."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        hidden = [
            name
            for name in self.errors
            if name in self.fields and self.fields[name].widget.is_hidden
        ]
        for name in hidden:
            errors = self.errors.pop(name)
            self.cleaned_data.pop(name, None)
            target = self.errors.setdefault(
                NON_FIELD_ERRORS,
                self.error_class(error_class="nonfield", renderer=self.renderer),
            )
            for error in errors:
                if error not in target:
                    target.append(error)


class CleanForm(HiddenErrorsMixin, ChooseMixin, CleanTextMixin, forms.Form):
    pass


class CleanModelForm(HiddenErrorsMixin, ChooseMixin, CleanTextMixin, forms.ModelForm):
    pass
