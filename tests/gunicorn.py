"""The portal served by a real gunicorn on a free loopback port, with the production
settings, on the test database: what the fault and load tests talk to over HTTP."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from tests.smtp_sink import free_port

# The interpreter running the tests, whatever its folder holds.
GUNICORN = [sys.executable, "-m", "gunicorn"]

# The production settings, with static files served without a manifest (no
# collectstatic before a test) and plain http on loopback.
SETTINGS_MODULE = """
from config.settings.production import *  # noqa: F401,F403
from config.settings.production import STORAGES as _STORAGES

STORAGES = {
    **_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def server_environment(*, database_url: str, work: Path, extra: dict | None = None):
    (work / "gunicorn_test_settings.py").write_text(SETTINGS_MODULE)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "PORTAL_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gunicorn_test_settings",
        PYTHONPATH=os.pathsep.join([str(work), str(settings.BASE_DIR)]),
        # The test process's key: sessions it makes (force_login) are valid there.
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        PORTAL_BASE_URL="https://hoinghi.example.gov.vn",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=settings.CELERY_BROKER_URL,
        DJANGO_MEDIA_ROOT=str(work / "media"),
    )
    env.update(extra or {})
    return env


@contextlib.contextmanager
def gunicorn_server(
    *,
    database_url: str,
    work: Path,
    workers: int = 1,
    threads: int = 1,
    extra_env: dict | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[str]:
    """Start gunicorn, wait until /readyz answers 200, yield its base URL."""
    port = free_port()
    log = (work / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            *GUNICORN,
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=120",
            *extra_args,
        ],
        env=server_environment(database_url=database_url, work=work, extra=extra_env),
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "gunicorn did not start:\n"
                    + (work / "gunicorn.log").read_text()[-3000:]
                )
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
