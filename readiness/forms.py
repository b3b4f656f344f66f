from django import forms
from django.utils.translation import gettext_lazy as _

from conference.fields import VnDateTimeField

from .models import ConnectionTest, DayCheckIn, PointReadiness


class ChecklistForm(forms.ModelForm):
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


class ConnectionTestForm(forms.ModelForm):
    tested_at = VnDateTimeField(label=_("Tested at"))

    class Meta:
        model = ConnectionTest
        fields = ("tested_at", "result", "engineer", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CheckInForm(forms.ModelForm):
    class Meta:
        model = DayCheckIn
        fields = ("present_count",)
        widgets = {"present_count": forms.NumberInput(attrs={"min": 0})}
