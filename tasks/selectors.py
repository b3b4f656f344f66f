"""Reads of tasks: the plan's tasks by unit, and each province's delegate list as its task."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import F, QuerySet

from accounts.models import User
from conference.models import BridgePoint, Conference
from participants.enums import ListStatus
from participants.selectors import with_list_status

from .models import OrganisationalUnit, Task


def tasks_of_conference(*, conference) -> QuerySet[Task]:
    """The conference's tasks, by deadline, with their unit."""
    return (
        Task.objects.filter(conference=conference)
        .select_related("assignee_unit", "completed_by", "conference")
        .order_by(F("deadline").asc(nulls_last=True), "plan_ref")
    )


@dataclass
class UnitTasks:
    unit: OrganisationalUnit
    tasks: list[Task]


def has_task_in(conference: Conference, *, member: User) -> bool:
    """Whether `member` works for a unit that has a task in the conference."""
    return Task.objects.filter(
        conference=conference, assignee_unit__members=member
    ).exists()


def tasks_by_unit(
    *, conference: Conference, now: datetime, user=None
) -> list[UnitTasks]:
    """Every task of the conference grouped by unit (in the units' order), each
    marked `overdue` at `now` and `editable` by `user`, in a fixed number of queries."""
    from .permissions import units_whose_tasks_user_may_change

    tasks = list(
        Task.objects.filter(conference=conference)
        .select_related("assignee_unit", "completed_by", "updated_by", "conference")
        .order_by(
            "assignee_unit__order",
            "assignee_unit__name",
            F("deadline").asc(nulls_last=True),
            "plan_ref",
        )
    )
    editable_units = (
        units_whose_tasks_user_may_change(user) if user is not None else set()
    )
    groups = []
    for unit, items in groupby(tasks, key=lambda t: t.assignee_unit):
        unit_tasks = list(items)
        for task in unit_tasks:
            # What the page shows of each task, set on the instance for the template.
            vars(task).update(
                overdue=task.is_overdue(now=now),
                editable=editable_units is None
                or task.assignee_unit_id in editable_units,
            )
        groups.append(UnitTasks(unit=unit, tasks=unit_tasks))
    return groups


@dataclass
class ProvinceListTask:
    """A province's delegate list as that province's own task."""

    point: BridgePoint
    deadline: datetime
    status: str  # the point's ListStatus: not started, draft, submitted, reopened, late
    done: bool
    overdue: bool
    finished_by: object
    finished_at: datetime | None


def province_list_tasks(
    *, conference: Conference, now: datetime
) -> list[ProvinceListTask]:
    """Each province's delegate-list deadline, done when submitted, open when reopened."""
    provinces = BridgePoint.objects.filter(conference=conference, unit__isnull=False)
    points = (
        with_list_status(provinces, now=now)
        .select_related("unit", "delegate_list__submitted_by", "conference")
        .order_by("unit__code")
    )
    rows = []
    for point in points:
        status = point.list_status
        done = status == ListStatus.SUBMITTED
        rows.append(
            ProvinceListTask(
                point=point,
                deadline=point.effective_deadline,
                status=status,
                done=done,
                overdue=status == ListStatus.LATE,
                finished_by=point.delegate_list.submitted_by if done else None,
                finished_at=point.delegate_list.submitted_at if done else None,
            )
        )
    return rows


def unit_addresses(unit: OrganisationalUnit) -> list[str]:
    """The unit's contact e-mail, then its active members' addresses."""
    addresses = [unit.email] if unit.email else []
    addresses += list(
        unit.members.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return addresses
