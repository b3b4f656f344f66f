from django.contrib import admin

from common.forms import CleanModelForm
from common.history_admin import ReadableHistoryAdmin

from .models import Delegate, DelegateImport
from .services import bump_list_version


@admin.register(Delegate)
class DelegateAdmin(ReadableHistoryAdmin):
    form = CleanModelForm  # the portal's text rule (common.text) in the admin too
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

    def save_model(self, request, obj, form, change):
        # An admin's edit makes the province's open forms stale, like any other save.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        bump_list_version(obj.point)

    def delete_model(self, request, obj):
        point = obj.point
        super().delete_model(request, obj)
        bump_list_version(point)


@admin.register(DelegateImport)
class DelegateImportAdmin(admin.ModelAdmin):
    """Staged Excel uploads, kept for tracing what a province sent; read-only."""

    list_display = ("file_name", "point", "mode", "status", "created_by", "created_at")
    list_filter = ("status", "mode", "point__conference")
    list_select_related = ("point", "created_by")
    search_fields = ("file_name", "point__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
