from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "recipient",
        "subject",
        "state",
        "attempts",
        "sent_at",
        "last_error",
    )
    list_filter = ("state",)
    search_fields = ("recipient", "subject", "key")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["resend_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again"))
    def resend_selected(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            for message in queryset:
                services.resend(message=message, now=now)
        self.message_user(
            request,
            _("%(count)d e-mail(s) queued again.") % {"count": queryset.count()},
            messages.SUCCESS,
        )
