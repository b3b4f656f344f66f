"""Issue #20, fault: the database connection is killed in the middle of a request
(pg_terminate_backend from another connection, as a failover or a restart does),
on a real gunicorn keeping its connection between requests (DJANGO_CONN_MAX_AGE).
The user gets a clear Vietnamese page, no traceback, and the next request of the
same worker works."""

import threading
import time
import urllib.error
import urllib.request

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.gunicorn import gunicorn_server
from tests.otp import login_verified

pytestmark = pytest.mark.integration


def _database_url() -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{params['NAME']}"
    )


def _waiting_backend(admin, database: str, seconds: float = 20) -> int:
    deadline = time.monotonic() + seconds
    with admin.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                [database],
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.05)
    raise AssertionError("the request never reached the locked table")


def _get(url: str, session: str) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_a_connection_killed_mid_request_gives_a_clear_page_and_the_next_works(
    transactional_db, tmp_path
):
    conference = factories.ConferenceFactory()
    unit = factories.UnitFactory(unit_set=conference.unit_set, code="27")
    factories.BridgePointFactory(conference=conference, unit=unit, name="Bắc Ninh")
    session = (
        login_verified(Client(), factories.organiser(username="cchc-db"))
        .cookies["sessionid"]
        .value
    )
    path = reverse("dashboard:rollup", args=[conference.slug])
    locker = psycopg2.connect(_database_url())
    admin = psycopg2.connect(_database_url())
    admin.autocommit = True
    results = {}
    # One sync worker, one thread: both requests go through the same connection.
    with gunicorn_server(database_url=_database_url(), work=tmp_path) as base:
        warm = _get(base + path, session)
        assert warm[0] == 200 and "Bắc Ninh" in warm[1], warm[1][:500]
        try:
            with locker.cursor() as cursor:
                # The request's query on the points waits here: killed mid-request.
                cursor.execute(
                    "LOCK TABLE conference_bridgepoint IN ACCESS EXCLUSIVE MODE"
                )
            request = threading.Thread(
                target=lambda: results.update(broken=_get(base + path, session))
            )
            request.start()
            pid = _waiting_backend(admin, connection.settings_dict["NAME"])
            with admin.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            locker.rollback()
            request.join(60)
            after = _get(base + path, session)
        finally:
            locker.close()
            admin.close()
        log = (tmp_path / "gunicorn.log").read_text()

    status, page, headers = results["broken"]
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Cổng thông tin tạm thời gián đoạn" in page
    assert "mất kết nối tới cơ sở dữ liệu" in page
    for leak in ("Traceback", "OperationalError", "terminating connection", "SELECT"):
        assert leak not in page
    assert after[0] == 200
    assert "Bắc Ninh" in after[1]
    # The worker lived on, and logged one line for it, not a traceback.
    assert "Traceback" not in log
    assert (
        '"message": "Database unavailable during GET conferences/<slug:slug>/rollup/: OperationalError"'
        in log
    )
