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

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_DEFAULT_QUEUE = f"portal-test-{os.getpid()}"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
