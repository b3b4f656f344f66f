"""Reads of the points' readiness, ready for the technicians' pages and the dashboard."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from conference.models import BridgePoint, Conference

from .enums import Readiness, TestResult, TestRound
from .models import ConnectionTest, DayCheckIn, PointReadiness
from .rules import CheckInWindow, check_in_window, conference_day_bounds

TROUBLE = [TestResult.PROBLEM.value, TestResult.FAILED.value]


def with_readiness(points: QuerySet[BridgePoint]) -> QuerySet[BridgePoint]:
    """Annotate `test1_result`, `test2_result`, `has_contact` and `readiness_level`.

    The same rule as `readiness.rules.readiness_of`, in SQL, so lists can filter,
    count and sort by readiness at any number of points.
    """
    # One LEFT JOIN per round (a point has at most one test per round), so each
    # result is read once per row however often the rule refers to it.
    return (
        points.annotate(
            test1=FilteredRelation(
                "connection_tests", condition=Q(connection_tests__round=TestRound.FIRST)
            ),
            test2=FilteredRelation(
                "connection_tests",
                condition=Q(connection_tests__round=TestRound.SECOND),
            ),
        )
        .annotate(
            test1_result=F("test1__result"),
            test2_result=F("test2__result"),
            # The checklist's contact, or the one the province gave on its point.
            has_contact=Case(
                When(
                    Q(readiness__contact_name__gt="")
                    | Q(technical_contact_name__gt=""),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            rehearsal_done=Coalesce(F("readiness__rehearsal_signed_off"), Value(False)),
            staff_ready=Coalesce(F("readiness__staff_on_site"), Value(False)),
        )
        .annotate(
            latest_result=Coalesce(F("test2_result"), F("test1_result")),
        )
        .annotate(
            readiness_level=Case(
                When(
                    test1_result__isnull=True,
                    test2_result__isnull=True,
                    then=Value(Readiness.NOT_TESTED.value),
                ),
                When(latest_result__in=TROUBLE, then=Value(Readiness.PROBLEM.value)),
                When(
                    test2_result=TestResult.OK.value,
                    has_contact=True,
                    rehearsal_done=True,
                    staff_ready=True,
                    then=Value(Readiness.READY.value),
                ),
                default=Value(Readiness.IN_PROGRESS.value),
                output_field=models.CharField(),
            )
        )
    )


@dataclass(frozen=True)
class ReadinessList:
    """A list the technicians work through: its name and which points are on it."""

    label: Promise
    condition: Q


READINESS_LISTS = {
    "not_tested": ReadinessList(
        _("Not tested yet"), Q(readiness_level=Readiness.NOT_TESTED.value)
    ),
    "problem": ReadinessList(
        _("Tested with a problem"), Q(readiness_level=Readiness.PROBLEM.value)
    ),
    "no_contact": ReadinessList(_("No technical contact"), Q(has_contact=False)),
}


def points_for_readiness(
    *, conference: Conference, listing: str | None = None
) -> QuerySet[BridgePoint]:
    """The conference's points with their readiness; `listing` narrows to one list."""
    points = with_readiness(
        BridgePoint.objects.filter(conference=conference)
        .select_related("unit", "readiness")
        .order_by("-is_main", "unit__code")
    )
    if listing in READINESS_LISTS:
        points = points.filter(READINESS_LISTS[listing].condition)
    return points


def readiness_of_point(point: BridgePoint) -> BridgePoint:
    """The point again, annotated with its readiness."""
    return (
        with_readiness(BridgePoint.objects.filter(pk=point.pk))
        .select_related("unit", "conference")
        .get()
    )


def checklist_of(point: BridgePoint) -> PointReadiness | None:
    return PointReadiness.objects.filter(point=point).first()


def tests_of(point: BridgePoint) -> dict[int, ConnectionTest]:
    """The point's tests by round number."""
    return {
        t.round: t
        for t in ConnectionTest.objects.filter(point=point).select_related(
            "recorded_by"
        )
    }


def check_in_record_of(point: BridgePoint) -> DayCheckIn | None:
    """The point's check-in row, of whatever day: what the check-in form edits."""
    return DayCheckIn.objects.filter(point=point).first()


def check_in_window_of(point: BridgePoint) -> CheckInWindow:
    """When the point may check in, with the configured margin before connecting."""
    return check_in_window(
        conference=point.conference,
        opens_minutes_before=settings.CHECK_IN_OPENS_MINUTES_BEFORE,
    )


def check_in_of(point: BridgePoint) -> DayCheckIn | None:
    """The point's check-in on its conference day, or None (a row of another day,
    left by a conference since moved, is not a connection)."""
    day_starts, day_ends = conference_day_bounds(point.conference)
    return DayCheckIn.objects.filter(
        point=point, connected_at__gte=day_starts, connected_at__lt=day_ends
    ).first()
