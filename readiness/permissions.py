"""Who may see and record a point's readiness and its conference-day check-in."""

from accounts.enums import Role
from conference.models import BridgePoint
from participants.permissions import can_manage_point, can_view_rollup


def can_record_readiness(user) -> bool:
    """Trung tâm Thông tin (and the admins): tests, checklist, quick OK."""
    return user.is_authenticated and user.has_perm("readiness.record_connection_check")


def can_view_readiness(user, point: BridgePoint) -> bool:
    """Technicians, Vụ CCHC, and the point's own province."""
    return (
        can_record_readiness(user)
        or can_view_rollup(user)
        or can_manage_point(user, point)
    )


def can_check_in(user, point: BridgePoint) -> bool:
    """The point's own province, or a technician for any point (many phone in)."""
    if point.is_main:
        return can_record_readiness(user)
    return can_record_readiness(user) or (
        user.role == Role.PROVINCE_STAFF and can_manage_point(user, point)
    )
