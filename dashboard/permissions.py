"""Who may use the dashboard's pages: province staff never see that they exist."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.enums import Role
from conference.models import Conference
from participants.permissions import can_view_rollup
from readiness.permissions import can_record_readiness
from tasks.selectors import has_task_in


def check_dashboard_access(user, *, technicians: bool = False) -> None:
    """Raise 404 for province staff, 403 for a role the page is not for.

    Vụ CCHC and the admins use every page; the technicians (`technicians=True`)
    the pages of points, readiness and the conference day, never delegates' data.
    """
    if user.role == Role.PROVINCE_STAFF:
        raise Http404
    if can_view_rollup(user):
        return
    if technicians and can_record_readiness(user):
        return
    raise PermissionDenied


def can_view_day(user, conference: Conference) -> bool:
    """The conference day's screen: who is connected, who is missing, whom to call.

    Vụ CCHC, the admins, the technicians, and the members of every Ministry unit
    with a task in the conference: Văn phòng Bộ owns the connection of the 63
    points (slot 1 of the plan).
    """
    if not user.is_authenticated or user.role == Role.PROVINCE_STAFF:
        return False
    return (
        can_view_rollup(user)
        or can_record_readiness(user)
        or has_task_in(conference, member=user)
    )


def check_day_access(user, conference: Conference) -> None:
    if user.role == Role.PROVINCE_STAFF:
        raise Http404
    if not can_view_day(user, conference):
        raise PermissionDenied
