"""Local settings for `make run`: SQLite under var/, filesystem broker, mail to files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("PORTAL_DEMO_MODE", "true")
os.environ.setdefault(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
os.environ.setdefault(
    "PORTAL_HELP_CONTACT",
    "Vụ Cải cách hành chính, Bộ Nội vụ — hoinghi@moha.gov.vn",
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

from .base import *  # noqa: E402,F403
