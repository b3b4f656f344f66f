from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboxMessage

# What a message carrying a secret shows: it was sent, to whom, when, and how it went.
SECRET_ROW_FIELDS = (
    "key",
    "recipient",
    "subject",
    "state",
    "attempts",
    "last_error",
    "next_attempt_at",
    "sent_at",
    "created_at",
)


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
    list_filter = ("state", "topic")
    search_fields = ("recipient", "subject", "key")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["resend_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        # The text of a reset e-mail holds only the place of its link: nothing to read.
        if obj is not None and obj.has_secret:
            return SECRET_ROW_FIELDS
        return super().get_fields(request, obj)

    @admin.action(description=_("Send the selected e-mails again"))
    def resend_selected(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            count = sum(services.resend(message=m, now=now) for m in queryset)
        self.message_user(
            request,
            _("%(count)d e-mail(s) queued again.") % {"count": count},
            messages.SUCCESS,
        )
        if any(m.has_secret for m in queryset):
            self.message_user(
                request,
                _(
                    "E-mails with a one-time link (password reset) are never sent "
                    "again: the user asks for a new link."
                ),
                messages.WARNING,
            )
