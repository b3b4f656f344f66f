"""The conference day as Vụ CCHC watches it: who is connected, who is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from conference.models import BridgePoint, Conference
from readiness.models import DayCheckIn
from readiness.rules import conference_day_bounds

DAY_MILESTONES = ((7, 30), (7, 45), (8, 0))


@dataclass
class DayView:
    connected: list
    missing: list
    present_total: int
    total: int
    milestones: list[tuple[datetime, list]]


def day_of(*, conference: Conference, now: datetime) -> DayView:
    """Who is connected, who is still missing, and who was missing at each milestone.

    Only check-ins of the conference day count: a row of another day (a
    conference since moved) is not a connection.
    """
    day_starts, day_ends = conference_day_bounds(conference)
    points = list(
        BridgePoint.objects.filter(conference=conference, is_main=False)
        .select_related("unit", "check_in")
        .order_by("unit__code")
    )
    on_the_day = {
        p.pk: record
        for p in points
        if (record := _check_in(p)) is not None
        and day_starts <= record.connected_at < day_ends
    }
    connected = [p for p in points if p.pk in on_the_day]
    missing = [p for p in points if p.pk not in on_the_day]
    starts = timezone.localtime(conference.starts_at)
    milestones = []
    for hour, minute in DAY_MILESTONES:
        moment = starts.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if moment > now:
            continue
        milestones.append(
            (
                moment,
                [
                    p
                    for p in points
                    if p.pk not in on_the_day or on_the_day[p.pk].connected_at > moment
                ],
            )
        )
    return DayView(
        connected=connected,
        missing=missing,
        present_total=sum(on_the_day[p.pk].present_count for p in connected),
        total=len(points),
        milestones=milestones,
    )


def _check_in(point: BridgePoint) -> DayCheckIn | None:
    try:
        return point.check_in
    except DayCheckIn.DoesNotExist:
        return None
