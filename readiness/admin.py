from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConnectionTest, DayCheckIn, PointReadiness


@admin.register(PointReadiness)
class PointReadinessAdmin(SimpleHistoryAdmin):
    list_display = ("point", "contact_name", "rehearsal_signed_off", "staff_on_site")
    list_select_related = ("point",)
    raw_id_fields = ("point",)


@admin.register(ConnectionTest)
class ConnectionTestAdmin(SimpleHistoryAdmin):
    list_display = ("point", "round", "tested_at", "result", "engineer")
    list_filter = ("round", "result")
    list_select_related = ("point",)
    raw_id_fields = ("point",)


@admin.register(DayCheckIn)
class DayCheckInAdmin(SimpleHistoryAdmin):
    list_display = ("point", "connected_at", "present_count")
    list_select_related = ("point",)
    raw_id_fields = ("point",)
