"""Every write on a point's readiness: checklist, connection tests, day check-in."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from conference.models import BridgePoint

from .enums import TestResult, TestRound
from .models import ConnectionTest, DayCheckIn, PointReadiness

CHECKLIST_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "line",
    "camera",
    "microphone",
    "screen",
    "equipment_note",
    "next_test_at",
    "rehearsal_signed_off",
    "staff_on_site",
)
TEST_FIELDS = ("tested_at", "result", "engineer", "notes")


def _who(user) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def save_checklist(*, point: BridgePoint, data: dict[str, Any], by) -> PointReadiness:
    """Save the point's technical contact, equipment and checklist."""
    checklist, _created = PointReadiness.objects.select_for_update().get_or_create(
        point=point
    )
    for name in CHECKLIST_FIELDS:
        if name in data:
            setattr(checklist, name, data[name])
    checklist.updated_by = by
    checklist._history_user = by
    checklist.full_clean()
    checklist.save()
    return checklist


@transaction.atomic
def record_test(
    *, point: BridgePoint, round_: int, data: dict[str, Any], by
) -> ConnectionTest:
    """Record (or correct) one round of the point's connection test."""
    test = (
        ConnectionTest.objects.select_for_update()
        .filter(point=point, round=round_)
        .order_by()  # the model's ordering would join the point's nullable unit
        .first()
    ) or ConnectionTest(point=point, round=round_)
    for name in TEST_FIELDS:
        if name in data:
            setattr(test, name, data[name])
    test.recorded_by = by
    test._history_user = by
    test.full_clean(validate_constraints=False)
    test.save()
    return test


def next_round(point: BridgePoint) -> int:
    """The round a new test belongs to: the first, or the second once the first exists."""
    done = set(
        ConnectionTest.objects.filter(point=point).values_list("round", flat=True)
    )
    return TestRound.FIRST if TestRound.FIRST not in done else TestRound.SECOND


def record_quick_ok(*, point: BridgePoint, by, now: datetime) -> ConnectionTest:
    """Record the next round of the point's test as ok, by the current technician."""
    return record_test(
        point=point,
        round_=next_round(point),
        data={
            "tested_at": now,
            "result": TestResult.OK,
            "engineer": _who(by),
            "notes": _("Quick OK from the list."),
        },
        by=by,
    )


@transaction.atomic
def check_in(
    *, point: BridgePoint, present_count: int, by, now: datetime
) -> DayCheckIn:
    """Mark the point connected on the conference day with the number present."""
    record = (
        DayCheckIn.objects.select_for_update().filter(point=point).first()
    ) or DayCheckIn(point=point, connected_at=now)
    record.present_count = present_count
    record.recorded_by = by
    record._history_user = by
    record.full_clean(validate_constraints=False)
    record.save()
    return record
