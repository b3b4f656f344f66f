"""Every write on a point's readiness: checklist, connection tests, day check-in.

Each write locks the point's row first, so two technicians saving the same point
wait for each other instead of racing to create the same row, and checks the
version the form was rendered with (0 for a row not created yet): a save from a
stale page is refused, never a silent overwrite.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from common.display import local_datetime
from common.records import sign_change
from conference.models import BridgePoint

from .enums import TestResult, TestRound
from .exceptions import ReadinessRefused
from .models import ConnectionTest, DayCheckIn, PointReadiness
from .rules import is_on_conference_day, most_present
from .selectors import check_in_window_of

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


def _lock_point(point: BridgePoint) -> BridgePoint:
    # The point's row, not the readiness row: the latter may not exist yet, and two
    # first saves would otherwise both insert it.
    return (
        BridgePoint.objects.select_for_update()
        .select_related("conference")
        .get(pk=point.pk)
    )


def _check_version(row, expected: int | None) -> None:
    current = row.version if row.pk is not None else 0
    if expected is None or expected != current:
        raise ReadinessRefused(
            _(
                "Someone else changed this while you were editing. Your changes were "
                "not saved: reload the page and make them again."
            ),
            code="stale",
        )


def _next_version(row) -> int:
    return row.version + 1 if row.pk is not None else 1


@transaction.atomic
def save_checklist(
    *, point: BridgePoint, data: dict[str, Any], expected_version: int | None, by
) -> PointReadiness:
    """Save the point's technical contact, equipment and checklist."""
    point = _lock_point(point)
    checklist = PointReadiness.objects.filter(point=point).first() or PointReadiness(
        point=point
    )
    _check_version(checklist, expected_version)
    for name in CHECKLIST_FIELDS:
        if name in data:
            setattr(checklist, name, data[name])
    checklist.version = _next_version(checklist)
    checklist.updated_by = by
    sign_change(checklist, by=by)
    checklist.full_clean(validate_constraints=False, validate_unique=False)
    checklist.save()
    return checklist


def _test_of(point: BridgePoint, round_: int) -> ConnectionTest | None:
    return (
        ConnectionTest.objects.filter(point=point, round=round_)
        .order_by()  # the model's ordering would join the point's nullable unit
        .first()
    )


def _save_test(test: ConnectionTest, *, by) -> ConnectionTest:
    test.recorded_by = by
    sign_change(test, by=by)
    test.full_clean(validate_constraints=False, validate_unique=False)
    test.save()
    return test


@transaction.atomic
def record_test(
    *,
    point: BridgePoint,
    round_: int,
    data: dict[str, Any],
    expected_version: int | None,
    by,
) -> ConnectionTest:
    """Record (or correct) one round of the point's connection test."""
    point = _lock_point(point)
    test = _test_of(point, round_) or ConnectionTest(point=point, round=round_)
    _check_version(test, expected_version)
    for name in TEST_FIELDS:
        if name in data:
            setattr(test, name, data[name])
    test.version = _next_version(test)
    return _save_test(test, by=by)


@transaction.atomic
def record_quick_ok(
    *, point: BridgePoint, round_: int, by, now: datetime
) -> ConnectionTest:
    """Record the chosen round of the point's test as ok, by the current technician.

    Once only: a round already recorded (the same click sent twice, or a colleague
    first) is refused and left as it is; a correction goes through the round's form.
    """
    round_ = TestRound(round_)
    point = _lock_point(point)
    existing = _test_of(point, round_)
    if existing is not None:
        raise ReadinessRefused(
            _(
                "The %(round)s of %(point)s was already recorded (%(result)s, "
                "%(when)s, %(engineer)s); nothing was changed. To correct it, "
                "open the round's form."
            ),
            code="already_recorded",
            params={
                "round": round_.label,
                "point": point.name,
                "result": existing.get_result_display(),
                "when": local_datetime(existing.tested_at),
                "engineer": existing.engineer,
            },
        )
    test = ConnectionTest(
        point=point,
        round=round_,
        tested_at=now,
        result=TestResult.OK,
        engineer=_who(by),
        notes=_("Quick OK from the list."),
    )
    return _save_test(test, by=by)


def ensure_check_in_open(*, point: BridgePoint, now: datetime) -> None:
    """Refuse a check-in outside the conference day's window."""
    window = check_in_window_of(point)
    if window.is_open(now):
        return
    if not window.is_over(now):
        raise ReadinessRefused(
            _(
                "Check-in opens on the conference day, at %(opens)s. Come back "
                "then to mark the point connected."
            ),
            code="too_early",
            params={"opens": local_datetime(window.opens)},
        )
    raise ReadinessRefused(
        _("The conference day (%(day)s) is over: check-in is closed."),
        code="too_late",
        params={"day": date_format(point.conference.day, "d/m/Y")},
    )


def ensure_present_count_allowed(*, point: BridgePoint, present_count: int) -> None:
    """Refuse a count above the room's capacity, or above the cap without one."""
    limit = most_present(point)
    if present_count > limit:
        if point.room_capacity:
            message = _(
                "At most %(limit_value)s people: the meeting room of this point "
                "seats %(limit_value)s."
            )
        else:
            message = _(
                "At most %(limit_value)s people can be present at a bridge point."
            )
        raise ReadinessRefused(
            message,
            code="too_many",
            field="present_count",
            params={"limit_value": limit},
        )


@transaction.atomic
def check_in(
    *,
    point: BridgePoint,
    present_count: int,
    expected_version: int | None,
    by,
    now: datetime,
) -> DayCheckIn:
    """Mark the point connected on the conference day with the number present."""
    point = _lock_point(point)
    ensure_check_in_open(point=point, now=now)
    ensure_present_count_allowed(point=point, present_count=present_count)
    record = DayCheckIn.objects.filter(point=point).first() or DayCheckIn(point=point)
    _check_version(record, expected_version)
    if record.pk is None or not is_on_conference_day(
        record.connected_at, conference=point.conference
    ):
        # Connected now; a record of another day (a conference moved) starts again.
        record.connected_at = now
    record.present_count = present_count
    record.version = _next_version(record)
    record.recorded_by = by
    sign_change(record, by=by)
    record.full_clean(validate_constraints=False, validate_unique=False)
    record.save()
    return record
