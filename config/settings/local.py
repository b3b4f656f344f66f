"""Local settings for `make run`: SQLite under var/, filesystem broker, mail to files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("PORTAL_DEMO_MODE", "true")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "common.eml_files.EmlFileBackend")
os.environ.setdefault(
    "PORTAL_HELP_CONTACT",
    "Vụ Cải cách hành chính, Bộ Nội vụ — hoinghi@moha.gov.vn",
)
# Lines for a person at a terminal; production and the workers of compose log JSON.
os.environ.setdefault("DJANGO_LOG_FORMAT", "text")
# runserver starts a thread per request: a kept connection would only linger.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# The links in e-mails follow the address `make run` serves (PORTAL_HOST and
# PORTAL_PORT, as scripts/run_local.sh reads them), unless PORTAL_BASE_URL is set.
os.environ.setdefault(
    "PORTAL_BASE_URL",
    "http://{}:{}".format(
        os.environ.get("PORTAL_HOST", "127.0.0.1"),
        os.environ.get("PORTAL_PORT", "8000"),
    ),
)

from .base import *  # noqa: E402,F403
