"""The accounts' periodic task, as a django-celery-beat row the admin can change."""

import json

ANSWER_RESETS_TASK_NAME = "accounts: answer password reset requests"


def ensure_periodic_tasks() -> None:
    """Create the beat entry once; an admin's later changes are kept.

    A request is handed to a worker when it is made; this entry answers those
    whose hand-off found the broker down.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_minute, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.MINUTES
    )
    PeriodicTask.objects.get_or_create(
        name=ANSWER_RESETS_TASK_NAME,
        defaults={
            "task": "accounts.answer_password_resets",
            "interval": every_minute,
            "kwargs": json.dumps({}),
        },
    )
