from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Delegate


@admin.register(Delegate)
class DelegateAdmin(SimpleHistoryAdmin):
    list_display = (
        "full_name",
        "position",
        "agency",
        "role",
        "point",
        "phone",
        "email",
    )
    list_filter = ("agency", "role", "point__conference")
    list_select_related = ("point",)
    search_fields = ("full_name", "phone", "email")
    autocomplete_fields = ("point",)
    readonly_fields = ("version", "created_at", "updated_at")
