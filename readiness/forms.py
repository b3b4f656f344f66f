"""The technicians' and provinces' readiness forms.

Every text goes through the portal's one rule (`CleanModelForm`: NFC, no control or
invisible characters, bidi overrides refused), and every form carries the version of
the row it was rendered with (`VersionField`, 0 before the row exists), so a second
technician's save never silently wipes the first's.
"""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, CleanModelForm, VersionField
from conference.fields import VnDateTimeField
from conference.models import BridgePoint

from .enums import TestRound
from .models import ConnectionTest, DayCheckIn, PointReadiness
from .rules import most_present


class _VersionedForm(CleanModelForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = (
            self.instance.version if self.instance.pk else 0
        )


class ChecklistForm(_VersionedForm):
    next_test_at = VnDateTimeField(label=_("Next test"), required=False)

    class Meta:
        model = PointReadiness
        fields = (
            "contact_name",
            "contact_phone",
            "contact_email",
            "line",
            "camera",
            "microphone",
            "screen",
            "equipment_note",
            "next_test_at",
            "rehearsal_signed_off",
            "staff_on_site",
        )
        widgets = {"equipment_note": forms.Textarea(attrs={"rows": 3})}


class ConnectionTestForm(_VersionedForm):
    tested_at = VnDateTimeField(label=_("Tested at"))

    class Meta:
        model = ConnectionTest
        fields = ("tested_at", "result", "engineer", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"engineer": _("Engineer")}
        help_texts = {"engineer": _("Full name of the person who ran the test.")}


class CheckInForm(_VersionedForm):
    class Meta:
        model = DayCheckIn
        fields = ("present_count",)
        widgets = {"present_count": forms.NumberInput(attrs={"min": 0})}

    def __init__(self, *args, point: BridgePoint, **kwargs):
        super().__init__(*args, **kwargs)
        limit = most_present(point)
        field = self.fields["present_count"]
        field.max_value = limit
        field.validators.append(MaxValueValidator(limit))
        field.widget.attrs["max"] = limit
        field.error_messages["max_value"] = (
            _(
                "At most %(limit_value)s people: the meeting room of this point "
                "seats %(limit_value)s."
            )
            if point.room_capacity
            else _("At most %(limit_value)s people can be present at a bridge point.")
        )
        field.help_text = _("At most %(limit)s.") % {"limit": limit}


class QuickOkForm(CleanForm):
    """The round a technician passes from the list with one click."""

    round = forms.TypedChoiceField(choices=TestRound.choices, coerce=int)
