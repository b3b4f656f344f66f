"""Issue #20: /healthz (database, Redis, a worker answering a ping within a second)
and /readyz (no migration left to apply), for the proxy and compose."""

import json

import pytest
from django.db import connection
from django.test import Client

from tests.smtp_sink import free_port

pytestmark = pytest.mark.django_db


def get(path: str, **extra):
    # A host the settings do not allow, over plain http: what compose's check sends.
    response = Client().get(path, HTTP_HOST="127.0.0.1:8000", **extra)
    return response.status_code, json.loads(response.content)


def test_healthz_fails_without_a_worker_answering(settings):
    # No worker consumes this test's Redis database: the ping has no answer.
    status, body = get("/healthz")
    assert (status, body) == (
        503,
        {
            "status": "fail",
            "checks": {"database": "ok", "redis": "ok", "worker": "fail"},
        },
    )


def test_healthz_fails_when_redis_is_down(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    status, body = get("/healthz")
    assert (status, body) == (
        503,
        {
            "status": "fail",
            "checks": {"database": "ok", "redis": "fail", "worker": "fail"},
        },
    )


def test_healthz_needs_no_login_and_tells_nothing_else(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = Client().get("/healthz", HTTP_HOST="evil.example")
    text = response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    for secret in ("127.0.0.1", "postgres", "redis://", "5.2", "Django", "Error"):
        assert secret not in text
    assert "Set-Cookie" not in response


def test_readyz_is_ok_when_every_migration_is_applied():
    assert get("/readyz") == (
        200,
        {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}},
    )


def test_readyz_fails_while_a_migration_is_unapplied():
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'accounts' AND name = "
            "(SELECT max(name) FROM django_migrations WHERE app = 'accounts')"
        )
    assert get("/readyz") == (
        503,
        {"status": "fail", "checks": {"database": "ok", "migrations": "pending"}},
    )


def test_only_get_and_head_are_answered():
    response = Client().post("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 404  # an ordinary request: no such page
