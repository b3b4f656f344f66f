"""Reminder rules: each conference's defaults, and which moment of a rule is due."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction

from conference.models import Conference
from tasks.enums import TaskStatus
from tasks.models import Task

from ..enums import RuleKind
from ..models import ReminderOffset, ReminderRule

# The defaults: 2 days before at 08:00, 1 day before at 08:00, 08:00 on the last day.
DEFAULT_OFFSETS = ((2, time(8, 0)), (1, time(8, 0)), (0, time(8, 0)))


@transaction.atomic
def ensure_default_rules(*, conference: Conference) -> int:
    """Create the default rules of a conference once; an admin's changes are kept.

    A rule for the delegate lists, and one for each Ministry unit's task due
    before the conference opens; the task due after the lists is the compile
    task and names the provinces still missing.
    """
    created = 0
    rule, new = ReminderRule.objects.get_or_create(
        conference=conference, kind=RuleKind.DELEGATE_LIST, task=None
    )
    if new:
        _default_offsets(rule)
        created += 1
    tasks = Task.objects.filter(
        conference=conference,
        deadline__isnull=False,
        deadline__lt=conference.starts_at,
    ).exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
    for task in tasks:
        rule, new = ReminderRule.objects.get_or_create(
            conference=conference,
            kind=RuleKind.TASK,
            task=task,
            # The query above leaves out tasks without a deadline.
            defaults={
                "list_missing_points": task.deadline is not None
                and task.deadline > conference.delegate_list_deadline
            },
        )
        if new:
            _default_offsets(rule)
            created += 1
    return created


def _default_offsets(rule: ReminderRule) -> None:
    ReminderOffset.objects.bulk_create(
        [ReminderOffset(rule=rule, days_before=d, at=at) for d, at in DEFAULT_OFFSETS]
    )


def current_offset(
    offsets, *, deadline: datetime, now: datetime
) -> ReminderOffset | None:
    """The latest reminder moment already reached, if the deadline is still ahead.

    After an outage only the latest missed reminder goes, not all of them at once.
    """
    if now >= deadline:
        return None
    reached = [
        (o.moment(deadline), o.pk, o)
        for o in offsets
        if o.moment(deadline) <= now and o.moment(deadline) < deadline
    ]
    return max(reached)[2] if reached else None
