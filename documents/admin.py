from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm

from .models import BackdropSize, IssuedDocument, ProgrammeVersion, RenderJob


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = (
        "conference",
        "kind",
        "number_shown",
        "place",
        "issued_on",
        "signer_name",
    )
    list_filter = ("conference", "kind")

    @admin.display(description=_("number"))
    def number_shown(self, obj):
        return obj.number_line

    fieldsets = (
        (None, {"fields": ("conference", "kind")}),
        (
            _("Header"),
            {
                "fields": (
                    "issuing_parent",
                    "issuing_body",
                    ("number", "symbol"),
                    ("place", "issued_on"),
                    "title",
                    "excerpt",
                )
            },
        ),
        (_("Body"), {"fields": ("attendees", "recipients")}),
        (
            _("Signature"),
            {"fields": ("signer_authority", "signer_title", "signer_name")},
        ),
    )


@admin.register(BackdropSize)
class BackdropSizeAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("name", "width_mm", "height_mm", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(admin.ModelAdmin):
    form = CleanModelForm  # the portal's text rule (common.text)
    list_display = ("conference", "number", "published_at", "published_by")
    list_filter = ("conference",)
    readonly_fields = (
        "conference",
        "number",
        "rows",
        "changes",
        "content_hash",
        "published_at",
        "published_by",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = (
        "conference",
        "status",
        "done",
        "total",
        "created_at",
        "finished_at",
    )
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
