"""Celery tasks of the outbox; the beat runs both every minute (see schedule.py)."""

from celery import shared_task

from . import services


@shared_task(name="outbox.send_queued", acks_late=True, ignore_result=True)
def send_queued() -> dict[str, int]:
    """Send every due queued row; if the time budget ran out, ask for another run."""
    counts = services.send_queued()
    if counts.get("more"):
        services.nudge_sender()
    return counts


@shared_task(name="outbox.sweep_stuck", acks_late=True, ignore_result=True)
def sweep_stuck() -> int:
    """Re-queue rows a dead worker left in `sending`, then send them."""
    count = services.sweep_stuck()
    if count:
        services.nudge_sender()
    return count
