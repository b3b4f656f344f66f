"""Is a reminder still needed? Asked by the outbox just before it sends the rows of
the topic "reminder" (registered in apps.py), with each row's `about`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.utils import timezone

from conference.models import BridgePoint
from outbox.models import OutboxMessage
from participants.enums import ListStatus
from participants.selectors import with_list_status
from tasks.enums import TaskStatus
from tasks.models import Task

from ..models import ReminderRule
from .dispatch import key_stamp


def still_needed(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """The reminders still wanted: their task or list still open, their rule (if
    any) on, and the deadline they name still the one in force."""
    abouts = [row.about for row in rows]
    enabled = set(
        ReminderRule.objects.filter(
            pk__in={a["rule"] for a in abouts if "rule" in a}, enabled=True
        ).values_list("pk", flat=True)
    )
    open_tasks = dict(
        Task.objects.filter(pk__in={a["task"] for a in abouts if "task" in a})
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .values_list("pk", "deadline")
    )
    # The deadline the rule gives now: an extension since the reminder was written
    # changes it, and the reminder is no longer wanted.
    open_points = {
        point.pk: point.effective_deadline
        for point in with_list_status(
            BridgePoint.objects.filter(
                pk__in={a["point"] for a in abouts if "point" in a}
            ),
            now=timezone.now(),
        ).exclude(list_status=ListStatus.SUBMITTED)
    }

    def wanted(about: dict) -> bool:
        if "rule" in about and about["rule"] not in enabled:
            return False
        open_subjects: Mapping[int, datetime | None]
        if "task" in about:
            open_subjects, subject = open_tasks, about["task"]
        elif "point" in about:
            open_subjects, subject = open_points, about["point"]
        else:  # e.g. a unit's "remind now": nothing to check
            return True
        if subject not in open_subjects:
            return False
        deadline, named = open_subjects[subject], about.get("deadline")
        return (
            named is None
            or deadline is None
            or key_stamp(datetime.fromisoformat(named)) == key_stamp(deadline)
        )

    return [row for row in rows if wanted(row.about)]
