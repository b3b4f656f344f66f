"""Who may see and change which tasks."""

from accounts.enums import Role

from .models import Task


def can_manage_all_tasks(user) -> bool:
    """Vụ CCHC and the administrators see and change every task."""
    return user.is_authenticated and (
        user.is_superuser
        or user.role in (Role.ORGANISER, Role.ADMIN)
        and user.has_perm("tasks.change_task")
    )


def is_unit_member(user) -> bool:
    return user.is_authenticated and user.organisational_units.exists()


def can_view_tasks(user) -> bool:
    """The tasks page: Vụ CCHC, the administrators and members of a Ministry unit."""
    return can_manage_all_tasks(user) or (
        user.is_authenticated
        and user.role != Role.PROVINCE_STAFF
        and is_unit_member(user)
    )


def units_whose_tasks_user_may_change(user) -> set[int] | None:
    """The ids of the units whose tasks the user may change; None for every unit."""
    if can_manage_all_tasks(user):
        return None
    if not user.is_authenticated or user.role == Role.PROVINCE_STAFF:
        return set()
    return set(user.organisational_units.values_list("pk", flat=True))


def can_change_task(user, task: Task) -> bool:
    """Vụ CCHC and the admins any task; a unit's members their unit's tasks."""
    units = units_whose_tasks_user_may_change(user)
    return units is None or task.assignee_unit_id in units
