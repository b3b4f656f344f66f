"""Issue #16 (1, 2, 6): what the settings make of the environment.

Each case imports the settings in a subprocess, as gunicorn, celery and manage.py
do, with only the environment given.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.base_url import require_public_base_url

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "test-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "hoinghi.example.gov.vn",
    "PORTAL_BASE_URL": "https://hoinghi.example.gov.vn",
    "PYTHONDONTWRITEBYTECODE": "1",
}
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from accounts.demo import demo_accounts_allowed
print(json.dumps({
    "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
    "AXES_IPWARE_PROXY_COUNT": settings.AXES_IPWARE_PROXY_COUNT,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
    "AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT":
        settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT,
    "demo_accounts_allowed": demo_accounts_allowed(),
}))
"""


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        # No .env is read from a worktree without one; nothing else leaks in.
        env={**keep, **{k: v for k, v in env.items() if v is not None}},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env) -> dict:
    result = run_python(SHOW_SETTINGS, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_production_accepts_a_public_https_base_url():
    shown = production_settings(PORTAL_BASE_URL="https://hoinghi.moha.gov.vn")

    assert shown["PORTAL_BASE_URL"] == "https://hoinghi.moha.gov.vn"


@pytest.mark.parametrize(
    "entry_point",
    [
        "import django; django.setup()",
        # gunicorn's and celery's first step: the settings, through the WSGI app or
        # the Celery app's Django set-up.
        "import config.wsgi",
        "from config import celery_app; celery_app.loader.import_default_modules()",
    ],
)
def test_production_refuses_to_start_with_a_loopback_base_url(entry_point):
    result = run_python(
        entry_point, **{**PRODUCTION, "PORTAL_BASE_URL": "http://127.0.0.1:8000"}
    )

    assert result.returncode == 1
    assert (
        "django.core.exceptions.ImproperlyConfigured: "
        "PORTAL_BASE_URL='http://127.0.0.1:8000' points to this machine, so the "
        "links in every e-mail would lead nowhere."
    ) in result.stderr


def test_production_refuses_to_start_without_a_base_url():
    result = run_python(
        "import django; django.setup()", **{**PRODUCTION, "PORTAL_BASE_URL": None}
    )

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: Set the PORTAL_BASE_URL environment variable"
        in result.stderr
    )


def test_manage_py_migrate_refuses_to_start_with_a_loopback_base_url():
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            **PRODUCTION,
            "PORTAL_BASE_URL": "http://localhost:8000",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "PORTAL_BASE_URL='http://localhost:8000' points to this machine" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://127.0.1.1",
        "https://localhost",
        "http://LOCALHOST.:8000/",
        "http://portal.localhost",
        "http://[::1]:8000",
        "http://[::ffff:127.0.0.1]/",
        "http://127.1",
        "http://2130706433",
        "http://0.0.0.0:8000",
    ],
)
def test_a_loopback_base_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="points to this machine"):
        require_public_base_url(url)


@pytest.mark.parametrize(
    "url",
    ["", "hoinghi.moha.gov.vn", "ftp://hoinghi.moha.gov.vn", "https://", "http://[zz"],
)
def test_a_base_url_that_is_not_http_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="is not an http\\(s\\) address"):
        require_public_base_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://hoinghi.moha.gov.vn",
        "http://hoinghi.moha.gov.vn:8080/portal/",
        "http://10.10.1.5",
        "https://[2001:ee0:1::5]/",
        "https://localhost.moha.gov.vn",
    ],
)
def test_a_public_or_private_network_base_url_is_accepted(url):
    assert require_public_base_url(url) == url


def test_production_forbids_the_demo_password_whatever_the_environment_says():
    shown = production_settings(PORTAL_DEMO_MODE="true", DJANGO_DEBUG="true")

    assert shown["demo_accounts_allowed"] is False


@pytest.mark.parametrize(
    ("proxies", "ipware_count", "headers"),
    [
        (None, None, ["REMOTE_ADDR"]),
        ("0", None, ["REMOTE_ADDR"]),
        # One proxy appends the client's address: the header's right-most entry.
        ("1", 0, ["HTTP_X_FORWARDED_FOR"]),
        ("2", 1, ["HTTP_X_FORWARDED_FOR"]),
    ],
)
def test_axes_proxy_count_sets_where_the_client_address_is_read(
    proxies, ipware_count, headers
):
    shown = production_settings(AXES_PROXY_COUNT=proxies)

    assert shown["AXES_IPWARE_PROXY_COUNT"] == ipware_count
    assert shown["AXES_IPWARE_META_PRECEDENCE_ORDER"] == headers
    assert shown["AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT"] is False
