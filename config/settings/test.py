"""Test settings: PostgreSQL and Redis from the environment, never SQLite or a mock."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("PORTAL_DEMO_MODE", "true")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "*")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by the tests themselves stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server and the worker threads open a connection each: kept, they would
# hold the test database open when pytest-django drops it.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One queue per test process: pytest-xdist's workers each run their own Celery
# worker, which must not take another process's tasks.
CELERY_TASK_DEFAULT_QUEUE = f"portal-test-{os.getpid()}"
CELERY_MAIL_QUEUE = f"portal-test-mail-{os.getpid()}"
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(  # noqa: F405
    CELERY_TASK_DEFAULT_QUEUE, CELERY_MAIL_QUEUE
)
# One folder per xdist worker ("gw0", "gw1"...; "main" without xdist), as the
# database is one per worker.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = VAR_DIR / "test-media" / _XDIST_WORKER  # noqa: F405
# A worker stops once its blocking read of Redis returns: every 0.2 s, not every
# second (kombu's default), so each test's worker thread ends sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "polling_interval": 0.2,
}
# `flush` by DELETE (tests/flushdb): what every transactional test ends with.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.flushdb"]  # noqa: F405
