"""Who may register a point's delegates, decide on its list, and see every list."""

from accounts.enums import Role
from conference.models import BridgePoint


def can_view_rollup(user) -> bool:
    """Vụ CCHC and the administrators: every point's list, the dashboard's roll-up."""
    return user.is_authenticated and user.has_perm("participants.view_rollup")


def can_manage_point(user, point: BridgePoint) -> bool:
    """Province staff of the point's own province (never the main point)."""
    return (
        user.is_authenticated
        and user.role == Role.PROVINCE_STAFF
        and user.has_perm("participants.manage_own_point")
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
        and user.has_perm("participants.reopen_delegate_list")
        and not point.is_main
    )
