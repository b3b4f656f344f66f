""" "Nhắc ngay": remind one province, one Ministry unit, or every province that has
not submitted its list, now; and who that would reach, for the confirmation page.

Keys are `reminder:now:<subject>:<minute>`, and each row's `about` says
{"now": true, "point": id} or {"now": true, "unit": id}; a subject reminded within
REMIND_NOW_WINDOW is left out, so a double click or two organisers at once send
once. The confirmation names exactly the rows a send would write.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from conference.models import BridgePoint, Conference
from outbox.models import OutboxMessage
from outbox.selectors import new_rows
from outbox.services import Mail, enqueue_mails
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit, Task
from tasks.selectors import unit_addresses

from ..enums import TOPIC
from ..selectors import Audience, missing_points
from .dispatch import KEY_PREFIX, ListReminder, delegate_list_mails, key_stamp

if TYPE_CHECKING:
    from participants.selectors import PointWithListStatus

# "Nhắc ngay" sends to the same province or unit at most once in this window.
REMIND_NOW_WINDOW = timedelta(minutes=10)
NOW_PREFIX = f"{KEY_PREFIX}now:"


@dataclass(frozen=True)
class Target:
    """Whom "Nhắc ngay" is for: every late province, one province, or one unit."""

    conference: Conference
    point: BridgePoint | None = None
    unit: OrganisationalUnit | None = None


def _recent_subjects(*, now: datetime) -> set[tuple[str, int]]:
    """The subjects (("point", 7), ("unit", 3)) reminded now within the window."""
    abouts = OutboxMessage.objects.filter(
        topic=TOPIC, about__now=True, created_at__gt=now - REMIND_NOW_WINDOW
    ).values_list("about", flat=True)
    return {
        (kind, about[kind])
        for about in abouts
        for kind in ("point", "unit")
        if kind in about
    }


def _point_mails(
    conference: Conference, points: list[PointWithListStatus], *, now: datetime
) -> list[Mail]:
    recent = _recent_subjects(now=now)
    return delegate_list_mails(
        conference,
        [
            ListReminder(
                point=point,
                deadline=point.effective_deadline,
                key=f"{NOW_PREFIX}point-{point.pk}:{key_stamp(now)}",
                about={"now": True, "point": point.pk},
            )
            for point in points
            if ("point", point.pk) not in recent
        ],
    )


def _unit_mail(
    unit: OrganisationalUnit, conference: Conference, *, now: datetime
) -> list[Mail]:
    tasks = list(
        Task.objects.filter(conference=conference, assignee_unit=unit)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("deadline", "plan_ref")
    )
    if not tasks or ("unit", unit.pk) in _recent_subjects(now=now):
        return []
    return [
        Mail(
            key=f"{NOW_PREFIX}unit-{unit.pk}:{key_stamp(now)}",
            topic=TOPIC,
            about={"now": True, "unit": unit.pk},
            recipients=unit_addresses(unit),
            template="reminder_unit",
            context={
                "addressee": unit.name,
                "unit": unit,
                "tasks": tasks,
                "conference": conference,
                "tasks_path": f"/conferences/{conference.slug}/tasks/",
            },
        )
    ]


def _mails(target: Target, *, now: datetime) -> list[Mail]:
    if target.unit is not None:
        return _unit_mail(target.unit, target.conference, now=now)
    missing = missing_points(conference=target.conference, now=now)
    if target.point is not None:
        # Nothing for a province that has submitted its list.
        missing = missing.filter(pk=target.point.pk)
    return _point_mails(target.conference, list(missing), now=now)


def audience(target: Target, *, now: datetime) -> Audience:
    """Who a send for `target` at `now` would reach, writing nothing."""
    # Only keys and recipients are read (a province's text is rendered once per
    # deadline, with slots).
    rows = new_rows((m.key, m.recipients) for m in _mails(target, now=now))
    subjects = len({key for key, _r in rows})
    if target.unit is not None:
        return Audience(addresses=len(rows), units=subjects)
    return Audience(addresses=len(rows), provinces=subjects)


@transaction.atomic
def remind(target: Target, *, now: datetime, batch: uuid.UUID | None = None) -> int:
    """Send "Nhắc ngay" for `target`; return how many e-mails were queued.

    A row lock on the province, the unit or the conference makes two organisers'
    clicks wait for each other, so the second finds the first's rows.
    """
    if target.unit is not None:
        OrganisationalUnit.objects.select_for_update().get(pk=target.unit.pk)
    elif target.point is not None:
        BridgePoint.objects.select_for_update().get(pk=target.point.pk)
    else:
        Conference.objects.select_for_update().get(pk=target.conference.pk)
    return enqueue_mails(_mails(target, now=now), now=now, batch=batch)
