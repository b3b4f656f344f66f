from django.contrib import admin

from common.history_admin import ReadableHistoryAdmin

from .models import DraftGuidance, DraftSection, Question, RecordExport, SectionComment


@admin.register(Question)
class QuestionAdmin(ReadableHistoryAdmin):
    list_display = ("number", "conference", "point", "kind", "topic", "status")
    list_filter = ("status", "kind", "topic", "is_public")
    list_select_related = ("conference", "point")
    search_fields = ("text", "answer")
    raw_id_fields = ("point", "slot", "merged_into", "asked_by", "answered_by")


class DraftSectionInline(admin.TabularInline):
    model = DraftSection
    extra = 0


@admin.register(DraftGuidance)
class DraftGuidanceAdmin(ReadableHistoryAdmin):
    list_display = ("title", "conference", "status", "comment_deadline")
    list_filter = ("status",)
    inlines = [DraftSectionInline]
    raw_id_fields = ("created_by",)


@admin.register(SectionComment)
class SectionCommentAdmin(ReadableHistoryAdmin):
    list_display = ("section", "point", "created_at", "disposition")
    list_filter = ("disposition",)
    list_select_related = ("section", "point")
    raw_id_fields = ("section", "point", "created_by", "responded_by")


@admin.register(RecordExport)
class RecordExportAdmin(admin.ModelAdmin):
    list_display = ("conference", "created_at", "status")
    readonly_fields = ("conference", "requested_by", "status", "file", "error")
