"""Celery tasks of the outbox; the beat runs both every minute (see schedule.py).

They import the sending services only, never `services.enqueue`, which queues
`send_queued` (`nudge_sender`): the two modules would import each other.
"""

from celery import shared_task

from common.broker import enqueue_or_leave_for_beat

from .services import sending


@shared_task(name="outbox.send_queued", acks_late=True, ignore_result=True)
def send_queued() -> dict[str, int]:
    """Send every due queued row; if the time budget ran out, ask for another run."""
    counts = sending.send_queued()
    if counts.get("more"):
        _run_again()
    return counts


@shared_task(name="outbox.sweep_stuck", acks_late=True, ignore_result=True)
def sweep_stuck() -> int:
    """Re-queue rows a dead worker left in `sending`, then send them."""
    count = sending.sweep_stuck()
    if count:
        _run_again()
    return count


def _run_again() -> bool:
    # What services.nudge_sender does, without importing it.
    return enqueue_or_leave_for_beat(send_queued, what="the outbox sender")
