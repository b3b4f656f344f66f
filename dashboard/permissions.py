"""Who may use the dashboard's pages: province staff never see that they exist."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.enums import Role
from conference.permissions import can_record_connection_check, can_view_rollup


def check_dashboard_access(user, *, technicians: bool = False) -> None:
    """Raise 404 for province staff, 403 for a role the page is not for.

    Vụ CCHC and the admins use every page; the technicians (`technicians=True`)
    the pages of points, readiness and the conference day, never delegates' data.
    """
    if user.role == Role.PROVINCE_STAFF:
        raise Http404
    if can_view_rollup(user):
        return
    if technicians and can_record_connection_check(user):
        return
    raise PermissionDenied
