"""Reads of reminders: the conferences reminded, their provinces' lists, and whom
a mass send would reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from conference.models import BridgePoint, Conference
from participants.enums import ListStatus
from participants.selectors import with_list_status

if TYPE_CHECKING:
    from participants.selectors import PointWithListStatus


@dataclass(frozen=True)
class Audience:
    """Whom a mass send would reach: the e-mails it would write (one per address),
    and the provinces or Ministry units they belong to."""

    addresses: int = 0
    provinces: int = 0
    units: int = 0


def active_conferences(now: datetime) -> QuerySet[Conference]:
    """The conferences not yet opened at `now`, soonest first: those reminded."""
    return Conference.objects.filter(starts_at__gt=now).order_by("starts_at")


def province_points(
    conference: Conference, *, now: datetime
) -> QuerySet[PointWithListStatus]:
    """The conference's province points with their list's status and deadline at
    `now`: the one deadline rule (participants.selectors.with_list_status)."""
    return (
        with_list_status(
            BridgePoint.objects.filter(conference=conference, unit__isnull=False),
            now=now,
        )
        .select_related("unit", "conference")
        .order_by("unit__code")
    )


def missing_points(
    *, conference: Conference, now: datetime
) -> QuerySet[PointWithListStatus]:
    """The provinces whose list is not submitted at `now`, each annotated with its
    `effective_deadline` and `list_status`."""
    return province_points(conference, now=now).exclude(
        list_status=ListStatus.SUBMITTED
    )
