"""/healthz and /readyz: answered before any other middleware, so a health check
needs no allowed Host header, no https and no session, and learns nothing but which
dependency is down (no versions, no addresses, no error text)."""

import logging
import time

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# How long a worker has to answer Celery's ping.
WORKER_PING_SECONDS = 1.0


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database does not answer.")
        return False


def _redis() -> bool | None:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None  # make run's filesystem broker: nothing to ping
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        logger.warning("Health check: Redis does not answer.")
        return False


def _worker() -> bool:
    from config.celery import app

    try:
        # A connection of its own, closed after: one from the app's pool would be
        # left listening for replies, and a process forked later (the PDF
        # renderer's pool) hangs closing it.
        with app.connection_for_write(connect_timeout=WORKER_PING_SECONDS) as conn:
            replies = app.control.ping(
                timeout=WORKER_PING_SECONDS, limit=1, connection=conn
            )
    except Exception:  # noqa: BLE001 — any broker error means no worker reached
        logger.warning("Health check: could not ping the workers.")
        return False
    return bool(replies)


def healthz() -> tuple[dict, int]:
    """The database, Redis and at least one Celery worker answering within a second."""
    checks = {"database": _database()}
    broker = _redis()
    if broker is not None:
        checks["redis"] = broker
        checks["worker"] = _worker() if broker else False
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()},
    }
    return body, 200 if healthy else 503


def unapplied_migrations() -> int:
    """How many migrations the database still lacks."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def readyz() -> tuple[dict, int]:
    """Ready for traffic: the database answers and has every migration of this code."""
    try:
        pending = unapplied_migrations()
    except DatabaseError:
        logger.warning("Readiness check: the database does not answer.")
        return {"status": "fail", "checks": {"database": "fail"}}, 503
    if pending:
        return {
            "status": "fail",
            "checks": {"database": "ok", "migrations": "pending"},
        }, 503
    return {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}, 200


CHECKS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer /healthz and /readyz (GET or HEAD) before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info)
        if check is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        started = time.monotonic()
        body, status = check()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        if status != 200:
            logger.warning(
                "%s answered %s in %.0f ms: %s",
                request.path_info,
                status,
                (time.monotonic() - started) * 1000,
                body["checks"],
            )
        return response
