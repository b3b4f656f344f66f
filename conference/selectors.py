"""Reads of conferences and bridge points, ready for views, exports and tasks."""

from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from participants.enums import DelegateRole

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


def points_for_rollup(*, conference: Conference) -> QuerySet[BridgePoint]:
    """Every point of the conference with its delegate and chair counts, in code order."""
    return (
        BridgePoint.objects.filter(conference=conference)
        .select_related("unit", "conference", "submitted_by")
        .annotate(
            delegate_count=Count("delegates"),
            chair_count=Count(
                "delegates", filter=Q(delegates__role=DelegateRole.CHAIR)
            ),
        )
        .order_by("-is_main", "unit__code")
    )


def points_for_connection_checks(*, conference: Conference) -> QuerySet[BridgePoint]:
    return (
        BridgePoint.objects.filter(conference=conference)
        .select_related("unit", "connection_checked_by")
        .order_by("-is_main", "unit__code")
    )
