from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def format_time_range(starts_at, ends_at) -> str:
    """A slot's time as people read it on a programme: "08:00–08:30", local time."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


class AgendaSlot(models.Model):
    """One row of the programme: when, what, and who presents it."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="agenda_slots",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    content = models.TextField(_("content"))
    presenter_name = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_title = models.CharField(
        _("presenter's title"), max_length=300, blank=True
    )
    performing_unit = models.CharField(_("performing unit"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agenda slot")
        verbose_name_plural = _("agenda slots")
        ordering = ["conference", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "order"], name="agenda_order_unique_in_conference"
            ),
            models.CheckConstraint(
                name="agenda_slot_ends_after_it_starts",
                condition=models.Q(ends_at__gt=models.F("starts_at")),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.time_range}"

    @property
    def time_range(self) -> str:
        return format_time_range(self.starts_at, self.ends_at)

    @property
    def presenter_display(self) -> str:
        parts = [p for p in (self.presenter_name, self.presenter_title) if p]
        return ", ".join(parts) or self.performing_unit

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The slot must end after it starts.")
        if self.conference_id and self.starts_at:
            day = self.conference.day
            for field in ("starts_at", "ends_at"):
                value = getattr(self, field)
                if value and timezone.localdate(value) != day:
                    errors.setdefault(
                        field,
                        _("The slot must be on the conference day (%(day)s).")
                        % {"day": day.strftime("%d/%m/%Y")},
                    )
        if errors:
            raise ValidationError(errors)
