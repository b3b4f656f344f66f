from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import TaskStatus


class OrganisationalUnit(models.Model):
    """An organisation that is assigned tasks (Vụ CCHC, Văn phòng Bộ, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    email = models.EmailField(_("contact e-mail"), blank=True)
    # The accounts that work for the unit: they see its tasks, mark them done, and
    # get its reminders.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="organisational_units",
        blank=True,
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name


class Task(models.Model):
    """Work with an assignee unit and a deadline."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    # Where the task stands in the plan (e.g. "III.1.a"); what makes loading idempotent.
    plan_ref = models.CharField(_("plan reference"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    assignee_unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("assignee unit"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    deadline_note = models.CharField(
        _("deadline as written"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["conference", "plan_ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "plan_ref"],
                name="task_plan_ref_unique_in_conference",
            ),
            models.CheckConstraint(
                name="done_task_has_completion_time",
                condition=~Q(status=TaskStatus.DONE) | Q(completed_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.DONE, TaskStatus.CANCELLED)

    def is_overdue(self, *, now) -> bool:
        return (
            self.deadline is not None and not self.is_finished and self.deadline < now
        )
