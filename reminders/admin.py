from django.contrib import admin

from .models import ReminderOffset, ReminderRule


class ReminderOffsetInline(admin.TabularInline):
    model = ReminderOffset
    extra = 0


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "conference", "kind", "enabled", "moments")
    list_filter = ("conference", "kind", "enabled")
    list_editable = ("enabled",)
    list_select_related = ("conference", "task")
    raw_id_fields = ("task",)
    inlines = [ReminderOffsetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("offsets")

    @admin.display(description=ReminderOffset._meta.verbose_name_plural)
    def moments(self, obj):
        return ", ".join(str(o) for o in obj.offsets.all())
