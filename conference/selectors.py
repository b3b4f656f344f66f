"""Reads of conferences and bridge points, ready for views, exports and tasks."""

from datetime import datetime, timedelta

from .models import AdministrativeUnit, BridgePoint, Conference


def current_conference(*, now: datetime) -> Conference | None:
    """The next conference not yet past, else the most recent one."""
    upcoming = (
        Conference.objects.filter(starts_at__gte=now - timedelta(days=1))
        .order_by("starts_at")
        .first()
    )
    return upcoming or Conference.objects.order_by("-starts_at").first()


def point_of_province(
    *, conference: Conference, province: AdministrativeUnit | None
) -> BridgePoint | None:
    if province is None:
        return None
    return BridgePoint.objects.filter(conference=conference, unit=province).first()
