"""A real Celery worker, in a thread of the test process, consuming from Redis."""

import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from config import celery_app
from tests.outbox.conftest import smtp_sink  # noqa: F401 — the real SMTP sink


def _missing(reason: str) -> None:
    # In CI a missing service means the suite did not run what it claims to run.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)")
    pytest.skip(reason)


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _close_worker_connections(**kwargs) -> None:
    # The solo pool runs tasks in the worker thread: close that thread's database
    # connection after each task so the test database can be flushed and dropped.
    connections.close_all()


def _worker_on_redis(queues: list[str]):
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("redis://", "rediss://")):
        _missing(f"REDIS_URL is not set: the broker is {broker!r}, not Redis")
    if not _redis_answers(broker):
        _missing(f"Redis does not answer at {broker}")
    # The queues are this process's own (see config/settings/test.py): drop anything
    # a crashed earlier run with the same pid may have left.
    celery_app.control.purge()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            celery_app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=15.0,
            queues=queues,
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        # The choice of queues is the app's, shared by the next worker of the run.
        celery_app.amqp.queues.select(ALL_QUEUES)


ALL_QUEUES = [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_MAIL_QUEUE]


@pytest.fixture
def celery_worker_on_redis(transactional_db):
    """Run a real worker on the Redis broker of the test settings, on its own
    queues: the default one and the mail queue, as `make run`'s worker does."""
    yield from _worker_on_redis(ALL_QUEUES)


@pytest.fixture
def default_worker_on_redis(transactional_db):
    """A real worker for everything but e-mail, as compose's `worker`."""
    yield from _worker_on_redis([settings.CELERY_TASK_DEFAULT_QUEUE])
