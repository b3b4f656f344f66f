"""Writes of tasks and units."""

from datetime import datetime
from typing import Any

from django.db import transaction

from common.records import upsert

from .enums import TaskStatus
from .models import OrganisationalUnit, Task


def apply_status(task: Task, *, status: str, by, now: datetime) -> None:
    """Set the status; the portal fills who finished it and when, never the user."""
    if status == TaskStatus.DONE:
        if task.status != TaskStatus.DONE or task.completed_at is None:
            task.completed_at = now
            task.completed_by = by
    else:
        task.completed_at = None
        task.completed_by = None
    task.status = status
    task.updated_at = now
    task.updated_by = by


@transaction.atomic
def set_task_status(
    *, task: Task, status: str, by, now: datetime, note: str | None = None
) -> Task:
    """Mark a task to do, in progress, done or cancelled, with an optional note."""
    current = Task.objects.select_for_update().get(pk=task.pk)
    apply_status(current, status=status, by=by, now=now)
    if note is not None:
        current.note = note.strip()
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def set_unit_members(*, members_by_code: dict[str, list]) -> None:
    """Add accounts to the units with these codes (units that do not exist are skipped)."""
    for unit in OrganisationalUnit.objects.filter(code__in=members_by_code):
        unit.members.add(*members_by_code[unit.code])


def save_organisational_unit(
    *, code: str, values: dict[str, Any]
) -> OrganisationalUnit:
    """Create or update an organisational unit by its code."""
    return upsert(OrganisationalUnit, lookup={"code": code}, values=values)


def save_plan_task(*, conference, plan_ref: str, values: dict[str, Any]) -> Task:
    """Create or update the conference's task at its place in the plan."""
    return upsert(
        Task, lookup={"conference": conference, "plan_ref": plan_ref}, values=values
    )
