"""The documents app's periodic task, as a django-celery-beat row the admin can change."""

import json

SWEEP_TASK_NAME = "documents: end stuck jobs, delete old job files"


def ensure_periodic_tasks() -> None:
    """Create the beat entry once; an admin's later changes are kept."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_five, _ = IntervalSchedule.objects.get_or_create(
        every=5, period=IntervalSchedule.MINUTES
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP_TASK_NAME,
        defaults={
            "task": "documents.sweep_jobs",
            "interval": every_five,
            "kwargs": json.dumps({}),
        },
    )
