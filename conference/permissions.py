"""Who may see and touch which bridge points; every view starts from here."""

from django.db.models import QuerySet

from accounts.enums import Role

from .models import BridgePoint


def points_visible_to(user) -> QuerySet[BridgePoint]:
    """The points a user may see: province staff only their own province's."""
    points = BridgePoint.objects.all()
    if not user.is_authenticated:
        return points.none()
    if user.role == Role.PROVINCE_STAFF:
        return points.filter(unit=user.province_id, unit__isnull=False)
    if user.has_perm("conference.view_bridgepoint") or user.is_superuser:
        return points
    return points.none()


def can_view_rollup(user) -> bool:
    return user.is_authenticated and user.has_perm("conference.view_rollup")


def can_record_connection_check(user) -> bool:
    return user.is_authenticated and user.has_perm("conference.record_connection_check")


def can_manage_point(user, point: BridgePoint) -> bool:
    """Province staff of the point's own province (never the main point)."""
    return (
        user.is_authenticated
        and user.role == Role.PROVINCE_STAFF
        and user.has_perm("conference.manage_own_point")
        and point.unit_id is not None
        and point.unit_id == user.province_id
    )


def can_view_delegates(user) -> bool:
    """Province staff (for their own point) and Vụ CCHC; not the technicians."""
    return user.is_authenticated and user.has_perm("participants.view_delegate")


def can_reopen_list(user, point: BridgePoint) -> bool:
    """Vụ CCHC, for a province's point (the main point has no list to submit)."""
    return (
        user.is_authenticated
        and user.has_perm("conference.reopen_delegate_list")
        and not point.is_main
    )
