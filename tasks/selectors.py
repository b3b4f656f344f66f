"""Reads of tasks: the plan's tasks by unit, and each province's delegate list as its task."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import F, Prefetch, QuerySet

from accounts.enums import Role
from accounts.models import User
from conference.enums import ListStatus
from conference.models import BridgePoint, Conference

from .models import OrganisationalUnit, Task


def tasks_of_conference(*, conference) -> QuerySet[Task]:
    """The conference's tasks, by deadline, with their unit."""
    return (
        Task.objects.filter(conference=conference)
        .select_related("assignee_unit", "completed_by")
        .order_by(F("deadline").asc(nulls_last=True), "plan_ref")
    )


@dataclass
class UnitTasks:
    unit: OrganisationalUnit
    tasks: list[Task]


def tasks_by_unit(
    *, conference: Conference, now: datetime, user=None
) -> list[UnitTasks]:
    """Every task of the conference grouped by unit (in the units' order)."""
    from .permissions import can_change_task

    tasks = list(
        Task.objects.filter(conference=conference)
        .select_related("assignee_unit", "completed_by", "updated_by")
        .order_by(
            "assignee_unit__order",
            "assignee_unit__name",
            F("deadline").asc(nulls_last=True),
            "plan_ref",
        )
    )
    member_of = (
        set(user.organisational_units.values_list("pk", flat=True)) if user else set()
    )
    groups = []
    for unit, items in groupby(tasks, key=lambda t: t.assignee_unit):
        items = list(items)
        for task in items:
            task.overdue = task.is_overdue(now=now)
            task.editable = user is not None and (
                task.assignee_unit_id in member_of or can_change_task(user, task)
            )
        groups.append(UnitTasks(unit=unit, tasks=items))
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
    points = (
        BridgePoint.objects.filter(conference=conference, unit__isnull=False)
        .with_list_status(now=now)
        .select_related("unit", "submitted_by", "conference")
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
                finished_by=point.submitted_by if done else None,
                finished_at=point.submitted_at if done else None,
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


def units_with_members() -> QuerySet[OrganisationalUnit]:
    return OrganisationalUnit.objects.prefetch_related(
        Prefetch("members", queryset=User.objects.filter(is_active=True))
    )


def province_staff_addresses(*, province_ids) -> dict[int, list[str]]:
    """Active Sở Nội vụ accounts' e-mails, by province id."""
    result: dict[int, list[str]] = {}
    for province_id, email in (
        User.objects.filter(
            role=Role.PROVINCE_STAFF, is_active=True, province_id__in=province_ids
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("province_id", "email")
    ):
        result.setdefault(province_id, []).append(email)
    return result
