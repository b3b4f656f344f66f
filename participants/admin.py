from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm
from common.history_admin import ReadableHistoryAdmin
from conference.admin import BridgePointAdmin
from conference.models import BridgePoint

from .models import Delegate, DelegateImport, DelegateList
from .services import bump_list_version, open_delegate_lists


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
        bump_list_version(obj.point.delegate_list)

    def delete_model(self, request, obj):
        delegate_list = obj.point.delegate_list
        super().delete_model(request, obj)
        bump_list_version(delegate_list)


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


@admin.register(DelegateList)
class DelegateListAdmin(ReadableHistoryAdmin):
    """A point's list: its status and deadline, with their history.

    Opened with its point, never added or removed on its own.
    """

    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("point", "status", "submitted_at", "deadline_extended_to")
    list_filter = ("point__conference", "status")
    list_select_related = ("point",)
    search_fields = ("point__name", "point__unit__code", "point__unit__name")
    autocomplete_fields = ("submitted_by",)
    # The optimistic-locking counter belongs to the services that change the list.
    readonly_fields = ("point", "version")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DelegateListInline(admin.StackedInline):
    """The point's list on the point's page: the base app knows nothing of lists."""

    model = DelegateList
    form = CleanModelForm
    fields = ("status", "submitted_at", "submitted_by", "deadline_extended_to")
    autocomplete_fields = ("submitted_by",)
    can_delete = False
    show_change_link = True  # to the list's own page and its history
    min_num = 0
    max_num = 1
    extra = 0


# The bridge point's page in the admin shows its list and opens one for a point
# added there; its list of points filters by the list's status.
admin.site.unregister(BridgePoint)


@admin.register(BridgePoint)
class BridgePointWithListAdmin(BridgePointAdmin):
    list_display = (*BridgePointAdmin.list_display, "list_status")
    list_filter = (*BridgePointAdmin.list_filter, "delegate_list__status")
    list_select_related = (*BridgePointAdmin.list_select_related, "delegate_list")
    inlines = (*BridgePointAdmin.inlines, DelegateListInline)

    @admin.display(description=_("list status"), ordering="delegate_list__status")
    def list_status(self, point):
        return point.delegate_list.get_status_display()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        open_delegate_lists(conference=form.instance.conference)
