from django import forms
from django.utils.translation import gettext_lazy as _

from participants.enums import ListStatus
from readiness.enums import Readiness

from .selectors import DEFAULT_SORT, SORTS, PointFilters

SORT_VALUES = [*SORTS, *(f"-{key}" for key in SORTS)]


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select form-select-sm"})


class PointFilterForm(forms.Form):
    """The dashboard's filters, search and sort, read from the URL's query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("List status"),
        required=False,
        choices=[("", _("All statuses")), *ListStatus.choices],
        widget=_select(),
    )
    readiness = forms.ChoiceField(
        label=_("Readiness"),
        required=False,
        choices=[("", _("All readiness")), *Readiness.choices],
        widget=_select(),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=_select())
    sort = forms.ChoiceField(
        required=False, choices=[(v, v) for v in SORT_VALUES], widget=forms.HiddenInput
    )

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r, r) for r in regions
        ]

    def filters(self) -> PointFilters:
        """The valid part of what was asked: a wrong value is ignored, not an error."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) or ""
            for name in ("q", "status", "readiness", "region", "sort")
            if name not in self.errors
        }
        data["sort"] = data.get("sort") or DEFAULT_SORT
        return PointFilters(**data)
