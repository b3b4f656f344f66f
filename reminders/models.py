from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import RuleKind


class ReminderRule(models.Model):
    """Remind whoever has not finished before one deadline of a conference.

    The moments are stored relative to the deadline (ReminderOffset), so a plan
    loaded on another day (`load_plan --date`) moves its reminders with it.
    """

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="reminder_rules",
    )
    kind = models.CharField(_("about"), max_length=20, choices=RuleKind.choices)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_rules",
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    list_missing_points = models.BooleanField(
        _("list the provinces still missing"),
        default=False,
        help_text=_(
            "For the compile task: name the provinces that have not submitted."
        ),
    )

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["conference", "kind", "task__deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "task"],
                condition=Q(kind=RuleKind.TASK),
                name="reminder_rule_one_per_task",
            ),
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(kind=RuleKind.DELEGATE_LIST),
                name="reminder_rule_one_for_lists",
            ),
            models.CheckConstraint(
                name="reminder_rule_task_iff_task_kind",
                condition=(Q(kind=RuleKind.TASK) & Q(task__isnull=False))
                | (~Q(kind=RuleKind.TASK) & Q(task__isnull=True)),
            ),
        ]

    def __str__(self):
        if self.kind == RuleKind.TASK and self.task_id:
            return f"{self.task.plan_ref} — {self.task.title}"
        return str(self.get_kind_display())


class ReminderOffset(models.Model):
    """A reminder `days_before` the deadline's day, at `at` (local time)."""

    rule = models.ForeignKey(
        ReminderRule,
        verbose_name=_("rule"),
        on_delete=models.CASCADE,
        related_name="offsets",
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    at = models.TimeField(_("at"), default=time(8, 0))

    class Meta:
        verbose_name = _("reminder moment")
        verbose_name_plural = _("reminder moments")
        ordering = ["-days_before", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "days_before", "at"], name="reminder_offset_unique"
            )
        ]

    def __str__(self):
        if self.days_before == 0:
            return _("%(at)s on the last day") % {"at": f"{self.at:%H:%M}"}
        return _("%(days)d day(s) before at %(at)s") % {
            "days": self.days_before,
            "at": f"{self.at:%H:%M}",
        }

    def moment(self, deadline: datetime) -> datetime:
        """When this reminder is due for `deadline`, in Asia/Ho_Chi_Minh."""
        day = timezone.localtime(deadline).date() - timedelta(days=self.days_before)
        return timezone.make_aware(datetime.combine(day, self.at))
