from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm

from .enums import TaskStatus
from .models import OrganisationalUnit, Task


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("short_name", "name", "code", "order")
    search_fields = ("code", "name", "short_name")
    ordering = ("order", "name")


class TaskAdminForm(CleanModelForm):
    class Meta:
        model = Task
        fields = (
            "conference",
            "plan_ref",
            "title",
            "description",
            "assignee_unit",
            "deadline",
            "deadline_note",
            "status",
            "completed_at",
            "completed_by",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == TaskStatus.DONE and not cleaned.get("completed_at"):
            self.add_error("completed_at", _("A done task needs its completion time."))
        return cleaned


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    form = TaskAdminForm
    list_display = (
        "plan_ref",
        "title",
        "assignee_unit",
        "deadline",
        "status",
        "conference",
    )
    list_display_links = ("plan_ref", "title")
    list_filter = ("conference", "assignee_unit", "status")
    list_select_related = ("conference", "assignee_unit")
    search_fields = ("plan_ref", "title", "description", "deadline_note")
    autocomplete_fields = ("completed_by",)
    ordering = ("conference", "deadline", "plan_ref")
