from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm
from conference.admin import ConferenceDocumentAdmin
from conference.models import ConferenceDocument

from .models import BackdropSize, IssuedDocument, ProgrammeVersion, RenderJob


class _StoredFile:
    """A stored file as the file input shows it: its name, linked to `url`."""

    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class ServedFileInput(AdminFileWidget):
    """The admin's file input, linking the current file to the portal's download
    view: no URL serves MEDIA_ROOT itself."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        document = getattr(value, "instance", None)
        if self.is_initial(value) and isinstance(document, ConferenceDocument):
            url = reverse(
                "documents:conference_file",
                kwargs={"slug": document.conference.slug, "file_pk": document.pk},
            )
            context["widget"]["value"] = _StoredFile(value.name, url)
        return context


admin.site.unregister(ConferenceDocument)


@admin.register(ConferenceDocument)
class ServedConferenceDocumentAdmin(ConferenceDocumentAdmin):
    formfield_overrides = {models.FileField: {"widget": ServedFileInput}}


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
        "kind",
        "requested_by",
        "status",
        "done",
        "total",
        "created_at",
        "progress_at",
        "finished_at",
    )
    list_filter = ("kind", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
