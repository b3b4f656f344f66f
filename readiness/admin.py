from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.forms import CleanModelForm

from .models import ConnectionTest, DayCheckIn, PointReadiness


class VersionedAdmin(SimpleHistoryAdmin):
    """The portal's text rule, and an edit that makes a technician's open form
    stale, like any other save."""

    form = CleanModelForm
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(PointReadiness)
class PointReadinessAdmin(VersionedAdmin):
    list_display = ("point", "contact_name", "rehearsal_signed_off", "staff_on_site")
    list_select_related = ("point",)
    raw_id_fields = ("point",)


@admin.register(ConnectionTest)
class ConnectionTestAdmin(VersionedAdmin):
    list_display = ("point", "round", "tested_at", "result", "engineer")
    list_filter = ("round", "result")
    list_select_related = ("point",)
    raw_id_fields = ("point",)


@admin.register(DayCheckIn)
class DayCheckInAdmin(VersionedAdmin):
    list_display = ("point", "connected_at", "present_count")
    list_select_related = ("point",)
    raw_id_fields = ("point",)
