from types import SimpleNamespace

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import CleanModelForm
from conference.admin import ConferenceAdmin
from conference.models import Conference

from .models import AgendaSlot, format_time_range
from .services import find_overlaps


def _overlap_error(first, second) -> ValidationError:
    return ValidationError(
        _("Slots %(first)s (%(first_time)s) and %(second)s (%(second_time)s) overlap."),
        code="overlap",
        params={
            "first": first.order,
            "first_time": _time_range(first),
            "second": second.order,
            "second_time": _time_range(second),
        },
    )


def _time_range(slot) -> str:
    return format_time_range(slot.starts_at, slot.ends_at)


class AgendaSlotInlineFormSet(BaseInlineFormSet):
    """Refuse slots that overlap one another or fall outside the conference day."""

    def clean(self):
        super().clean()
        slots = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form):
                continue
            slots.append(
                SimpleNamespace(
                    order=data.get("order"),
                    starts_at=data.get("starts_at"),
                    ends_at=data.get("ends_at"),
                )
            )
        errors = []
        # The conference as edited on the same page, saved or not.
        starts_at = getattr(self.instance, "starts_at", None)
        if starts_at is not None:
            day = timezone.localdate(starts_at)
            for slot in slots:
                moments = (slot.starts_at, slot.ends_at)
                if any(m is not None and timezone.localdate(m) != day for m in moments):
                    errors.append(
                        ValidationError(
                            _(
                                "Slot %(order)s must be on the conference day (%(day)s)."
                            ),
                            code="off_day",
                            params={"order": slot.order, "day": f"{day:%d/%m/%Y}"},
                        )
                    )
        errors.extend(_overlap_error(a, b) for a, b in find_overlaps(slots))
        if errors:
            raise ValidationError(errors)


class AgendaSlotInline(admin.TabularInline):
    form = CleanModelForm  # the portal's text rule (common.text)
    model = AgendaSlot
    formset = AgendaSlotInlineFormSet
    ordering = ("order",)
    extra = 0
    fields = (
        "order",
        "starts_at",
        "ends_at",
        "content",
        "presenter_name",
        "presenter_title",
        "performing_unit",
    )


class AgendaSlotAdminForm(CleanModelForm):
    class Meta:
        model = AgendaSlot
        fields = (
            "conference",
            "order",
            "starts_at",
            "ends_at",
            "content",
            "presenter_name",
            "presenter_title",
            "performing_unit",
        )

    def clean(self):
        cleaned = super().clean()
        conference = cleaned.get("conference")
        if conference and cleaned.get("starts_at") and cleaned.get("ends_at"):
            candidate = SimpleNamespace(
                order=cleaned.get("order"),
                starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"],
            )
            others = conference.agenda_slots.exclude(pk=self.instance.pk)
            for first, second in find_overlaps([candidate, *others]):
                if candidate is first or candidate is second:
                    raise _overlap_error(first, second)
        return cleaned


@admin.register(AgendaSlot)
class AgendaSlotAdmin(admin.ModelAdmin):
    form = AgendaSlotAdminForm
    list_display = ("conference", "order", "time_range", "content", "presenter_display")
    list_display_links = ("order",)
    list_filter = ("conference",)
    list_select_related = ("conference",)
    search_fields = ("content", "presenter_name", "performing_unit")
    ordering = ("conference", "order")

    @admin.display(description=_("time"))
    def time_range(self, slot):
        return slot.time_range

    @admin.display(description=_("presenter"))
    def presenter_display(self, slot):
        return slot.presenter_display


# The conference's page in the admin lists its programme: the base app knows nothing
# of the agenda, so the agenda extends the conference's admin.
admin.site.unregister(Conference)


@admin.register(Conference)
class ConferenceWithAgendaAdmin(ConferenceAdmin):
    inlines = (*ConferenceAdmin.inlines, AgendaSlotInline)
