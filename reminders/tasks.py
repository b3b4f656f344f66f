"""Celery tasks of the reminders app, run by beat (see schedule.py)."""

from celery import shared_task

from . import services


@shared_task(name="reminders.dispatch_due", acks_late=True, ignore_result=True)
def dispatch_due() -> int:
    """Write the outbox rows of the reminders due now (the outbox sends them)."""
    return services.dispatch_due()


@shared_task(name="reminders.daily_summary", acks_late=True, ignore_result=True)
def daily_summary() -> int:
    """Vụ CCHC's 17:00 summary."""
    return services.send_daily_summary()
