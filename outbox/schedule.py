"""The outbox's periodic tasks, as django-celery-beat rows the admin can change."""

import json

SEND_TASK_NAME = "outbox: send queued e-mail"
SWEEP_TASK_NAME = "outbox: re-queue stuck e-mail"


def ensure_periodic_tasks() -> None:
    """Create the beat entries once; an admin's later changes are kept."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_minute, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.MINUTES
    )
    every_five, _ = IntervalSchedule.objects.get_or_create(
        every=5, period=IntervalSchedule.MINUTES
    )
    PeriodicTask.objects.get_or_create(
        name=SEND_TASK_NAME,
        defaults={
            "task": "outbox.send_queued",
            "interval": every_minute,
            "kwargs": json.dumps({}),
        },
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP_TASK_NAME,
        defaults={
            "task": "outbox.sweep_stuck",
            "interval": every_five,
            "kwargs": json.dumps({}),
        },
    )
