"""Issue #20: the load test's short form, in every `make test`: 63 province users
editing, adding and submitting while 5 Ministry users refresh the dashboard and the
day view, 5 s against a real gunicorn (bench/load_test.py), each person pausing 1–2 s
between two requests instead of 2–5 s: as many requests as 10 s of the bench's
pace. The full 60 s run and its goal (p95 under 300 ms on 2 idle cores) are the
bench's; here: nothing fails and every delegate a province was told was saved is in
the database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

# Five seconds of load by design, after a database of its own is made.
pytestmark = [pytest.mark.load, pytest.mark.slow]


def test_the_short_load_test_loses_nothing_and_fails_nothing(db):
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    server = (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/postgres"
    )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_test.py"),
            "--seconds",
            "5",
            "--think",
            "1,2",
        ],
        env={
            **os.environ,
            "DATABASE_URL": server,
            "REDIS_URL": settings.CELERY_BROKER_URL,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["errors"] == []
    assert result["failures"] == 0
    assert result["requests"] >= 100
    assert result["rows_found"] == result["rows_expected"] > 63 * 5
    assert result["submitted_found"] == result["submitted_expected"]
    # A shared CI machine is no place for the 300 ms goal; a page that got ten
    # times slower still fails here.
    assert result["p95_ms"] < 3000
