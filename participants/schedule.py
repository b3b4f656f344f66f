"""The participants' periodic task, as a django-celery-beat row the admin can change."""

import json

CLEANUP_TASK_NAME = "participants: delete abandoned Excel imports"


def ensure_periodic_tasks() -> None:
    """Create the beat entry once; an admin's later changes are kept."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    hourly, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.HOURS
    )
    PeriodicTask.objects.get_or_create(
        name=CLEANUP_TASK_NAME,
        defaults={
            "task": "participants.delete_abandoned_imports",
            "interval": hourly,
            "kwargs": json.dumps({}),
        },
    )
