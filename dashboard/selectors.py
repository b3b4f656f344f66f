"""Reads across the apps for the organiser's and the technicians' pages."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from conference.models import BridgePoint, Conference
from participants.enums import DelegateRole


def points_for_rollup(
    *, conference: Conference, now: datetime
) -> QuerySet[BridgePoint]:
    """Every point of the conference with its counts and list status, in code order."""
    return (
        BridgePoint.objects.filter(conference=conference)
        .with_list_status(now=now)
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
    """Every point of the conference with who last checked its connection."""
    return (
        BridgePoint.objects.filter(conference=conference)
        .select_related("unit", "connection_checked_by")
        .order_by("-is_main", "unit__code")
    )
