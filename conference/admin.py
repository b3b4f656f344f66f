from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm
from common.history_admin import ReadableHistoryAdmin

from .models import (
    AdministrativeUnit,
    AdministrativeUnitSet,
    BridgePoint,
    Conference,
    ConferenceDocument,
)


@admin.register(AdministrativeUnitSet)
class AdministrativeUnitSetAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("code", "name", "effective_from", "effective_until", "units_link")
    search_fields = ("code", "name")
    readonly_fields = ("units_link",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    # A link rather than an inline: a synthetic set may hold thousands of units.
    @admin.display(description=_("units"))
    def units_link(self, unit_set):
        if unit_set.pk is None:
            return "—"
        url = reverse("admin:conference_administrativeunit_changelist")
        count = getattr(unit_set, "unit_count", None)
        if count is None:
            count = unit_set.units.count()
        return format_html(
            '<a href="{}?unit_set__id__exact={}">{}</a>', url, unit_set.pk, count
        )


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("code", "name", "full_name", "kind", "unit_set")
    list_display_links = ("code", "name")
    list_filter = ("unit_set", "kind")
    list_select_related = ("unit_set",)
    search_fields = ("code", "name")
    ordering = ("unit_set", "code")

    @admin.display(description=_("full unit name"))
    def full_name(self, unit):
        return unit.full_name


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    # Apps above the base add their inlines (the agenda's slots) by subclassing.
    inlines = ()
    list_display = (
        "short_title",
        "slug",
        "starts_at",
        "plan_number",
        "unit_set",
        "form",
    )
    list_filter = ("form", "unit_set")
    list_select_related = ("unit_set",)
    search_fields = ("slug", "title", "short_title", "plan_number")
    date_hierarchy = "starts_at"
    readonly_fields = ("created_at",)
    fieldsets = (
        (
            None,
            {"fields": ("slug", "title", "short_title", "form", "unit_set")},
        ),
        (
            _("Plan"),
            {
                "fields": (
                    "plan_number",
                    "plan_issued_on",
                    "plan_signed_by",
                    "legal_basis",
                    "purpose",
                )
            },
        ),
        (
            _("Time and place"),
            {
                "fields": (
                    "starts_at",
                    "connection_opens_at",
                    "delegate_list_deadline",
                    "main_venue",
                    "transmission",
                    "budget_note",
                    "backdrop_text",
                    "created_at",
                )
            },
        ),
    )


@admin.register(BridgePoint)
class BridgePointAdmin(ReadableHistoryAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("conference", "unit_code", "name")
    list_display_links = ("name",)
    list_filter = ("conference", "is_main")
    list_select_related = ("conference", "unit")
    search_fields = ("name", "unit__code", "unit__name", "technical_contact_name")
    autocomplete_fields = ("unit",)
    # The optimistic-locking counter belongs to the services that write the point.
    readonly_fields = ("version",)
    ordering = ("conference", "-is_main", "unit__code")

    def save_model(self, request, obj, form, change):
        # An admin's edit makes the province's open form stale, like any other save.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    @admin.display(description=_("official code"), ordering="unit__code")
    def unit_code(self, point):
        return point.unit.code if point.unit else "—"


@admin.register(ConferenceDocument)
class ConferenceDocumentAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("title", "conference", "kind", "is_published", "uploaded_at")
    list_filter = ("conference", "kind", "is_published")
    list_select_related = ("conference",)
    search_fields = ("title",)
    readonly_fields = ("uploaded_at", "uploaded_by")

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
