from django.contrib import admin
from django.utils import timezone

from common.forms import CleanModelForm

from .models import OrganisationalUnit, Task
from .services import apply_status


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("short_name", "name", "code", "email", "order")
    search_fields = ("code", "name", "short_name", "email")
    ordering = ("order", "name")
    filter_horizontal = ("members",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = (
        "plan_ref",
        "title",
        "assignee_unit",
        "deadline",
        "status",
        "completed_by",
        "completed_at",
        "conference",
    )
    list_display_links = ("plan_ref", "title")
    list_filter = ("conference", "assignee_unit", "status")
    list_select_related = ("conference", "assignee_unit", "completed_by")
    search_fields = ("plan_ref", "title", "description", "deadline_note")
    fields = (
        "conference",
        "plan_ref",
        "title",
        "description",
        "assignee_unit",
        "deadline",
        "deadline_note",
        "status",
        "note",
        "completed_at",
        "completed_by",
        "updated_at",
        "updated_by",
    )
    # Who finished a task and when is filled in by the portal, not typed.
    readonly_fields = ("completed_at", "completed_by", "updated_at", "updated_by")
    ordering = ("conference", "deadline", "plan_ref")

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            apply_status(obj, status=obj.status, by=request.user, now=timezone.now())
        super().save_model(request, obj, form, change)
