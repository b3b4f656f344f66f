"""The test process's own queue on the real Redis broker (config/settings/test.py
names it after the process): how many task messages wait in it, and emptying it."""

from config import celery_app


def waiting_messages() -> int:
    """How many messages wait in this process's default queue."""
    with celery_app.connection_for_write() as connection:
        declared = connection.default_channel.queue_declare(
            queue=celery_app.conf.task_default_queue, passive=True
        )
    return declared.message_count


def purge() -> None:
    """Drop every message waiting in this process's queues."""
    celery_app.control.purge()
