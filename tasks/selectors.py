"""Reads of tasks."""

from django.db.models import F, QuerySet

from .models import Task


def tasks_of_conference(*, conference) -> QuerySet[Task]:
    """The conference's tasks, by deadline, with their unit."""
    return (
        Task.objects.filter(conference=conference)
        .select_related("assignee_unit", "completed_by")
        .order_by(F("deadline").asc(nulls_last=True), "plan_ref")
    )
