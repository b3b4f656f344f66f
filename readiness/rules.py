"""The one readiness rule, in Python (`selectors.with_readiness` is the same in SQL),
and when a point may check in on the conference day."""

from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from conference.models import MAX_PEOPLE_AT_A_POINT

from .enums import Readiness, TestResult

TROUBLE = (TestResult.PROBLEM, TestResult.FAILED)


def readiness_of(
    *,
    first: str | None,
    second: str | None,
    has_contact: bool,
    rehearsal_signed_off: bool,
    staff_on_site: bool,
) -> Readiness:
    """Return a point's readiness from its two test results and its checklist.

    The latest round decides trouble: a failed first round retested ok in the
    second is no longer a problem. Ready needs the second round ok, a technical
    contact, the rehearsal signed off and staff on site an hour before the start.
    """
    if first is None and second is None:
        return Readiness.NOT_TESTED
    latest = second if second is not None else first
    if latest in TROUBLE:
        return Readiness.PROBLEM
    if (
        second == TestResult.OK
        and has_contact
        and rehearsal_signed_off
        and staff_on_site
    ):
        return Readiness.READY
    return Readiness.IN_PROGRESS


def conference_day_bounds(conference) -> tuple[datetime, datetime]:
    """The conference day in local time: its 00:00 and the next day's 00:00."""
    day = conference.day
    return (
        timezone.make_aware(datetime.combine(day, time.min)),
        timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)),
    )


class CheckInWindow(NamedTuple):
    """When a point may mark itself connected: from `opens` until `closes`
    (exclusive), the one rule of the check-in page and of the check-in itself."""

    opens: datetime
    closes: datetime

    def is_open(self, now: datetime) -> bool:
        return self.opens <= now < self.closes

    def is_over(self, now: datetime) -> bool:
        return now >= self.closes


def check_in_window(*, conference, opens_minutes_before: int) -> CheckInWindow:
    """When a point may mark itself connected: from the connection time (else the
    start) less the margin, never before the conference day, until the day ends.

    The end is exclusive: the next day's 00:00.
    """
    day_starts, day_ends = conference_day_bounds(conference)
    connects = conference.connection_opens_at or conference.starts_at
    opens = max(connects - timedelta(minutes=opens_minutes_before), day_starts)
    return CheckInWindow(opens, day_ends)


def is_on_conference_day(moment: datetime, *, conference) -> bool:
    """Whether the moment falls on the conference day (local time)."""
    day_starts, day_ends = conference_day_bounds(conference)
    return day_starts <= moment < day_ends


def most_present(point) -> int:
    """The most people a check-in may count at the point: its room, else the cap."""
    return point.room_capacity or MAX_PEOPLE_AT_A_POINT
