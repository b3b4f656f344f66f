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
