"""/healthz with a real worker on Redis answering Celery's ping."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.integration


def test_healthz_is_ok_with_the_database_redis_and_a_worker(celery_worker_on_redis):
    response = Client().get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert (response.status_code, json.loads(response.content)) == (
        200,
        {
            "status": "ok",
            "checks": {"database": "ok", "redis": "ok", "worker": "ok"},
        },
    )
