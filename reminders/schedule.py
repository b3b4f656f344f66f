"""The reminders' periodic tasks, as django-celery-beat rows the admin can change."""

import json

from django.conf import settings

DISPATCH_TASK_NAME = "reminders: write the due reminders"
SUMMARY_TASK_NAME = "reminders: daily summary to Vụ CCHC at 17:00"


def ensure_periodic_tasks() -> None:
    """Create the beat entries once; an admin's later changes are kept."""
    from django_celery_beat.models import (
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
    )

    every_minute, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.MINUTES
    )
    five_pm, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="17",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=DISPATCH_TASK_NAME,
        defaults={
            "task": "reminders.dispatch_due",
            "interval": every_minute,
            "kwargs": json.dumps({}),
        },
    )
    PeriodicTask.objects.get_or_create(
        name=SUMMARY_TASK_NAME,
        defaults={
            "task": "reminders.daily_summary",
            "crontab": five_pm,
            "kwargs": json.dumps({}),
        },
    )
