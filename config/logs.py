"""Structured logs: one JSON object a line, from the web processes and the workers,
each carrying the request it belongs to (request id, user id, role, province, point).

The request id is the proxy's X-Request-ID when it is well formed, else a new one;
it is sent back in the response and travels in the headers of every Celery task the
request enqueues, so the worker's lines of that task carry it too.

Nothing secret is ever a field: a request is logged by its route pattern
("password/reset/<uidb64>/<token>/"), never its path or query string, so reset
tokens, passwords and codes typed in forms never reach a log line.
"""

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it looks like one (a UUID, a hex or base64url token);
# anything else (too long, spaces, control characters) is replaced.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
CONTEXT_FIELDS = (
    "request_id",
    "user_id",
    "role",
    "province",
    "point",
    "task",
    "task_id",
)

_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "portal_log_context", default=None
)

access_logger = logging.getLogger("portal.access")


def current_context() -> dict:
    """The fields of the request or task being served (empty outside one)."""
    return _context.get() or {}


def bind(**fields) -> None:
    """Add fields to the current request's or task's context."""
    _context.set({**current_context(), **fields})


def new_request_id(incoming: str | None) -> str:
    """The proxy's request id when well formed, else a new random one."""
    if incoming and REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Copy the current request's or task's fields onto every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_context()
        for name in CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, context.get(name))
        return True


class PortalJsonFormatter(JsonFormatter):
    """JSON lines: time, level, logger, message, then the context fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault(
            "rename_fields",
            {"asctime": "time", "levelname": "level", "name": "logger"},
        )
        kwargs.setdefault("timestamp", False)
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)


class RequestContextMiddleware:
    """First of the middleware: give the request its id, log who asked for what
    (after authentication, in process_view) and one access line when it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = _context.set({"request_id": request_id})
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            access_logger.info(
                "%s %s %s",
                request.method,
                match.route if match else "(no route)",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _context.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every middleware has run its request half: request.user is known.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bind(
                user_id=user.pk,
                role=user.role or None,
                province=user.province_id,
            )
        route = request.resolver_match.route if request.resolver_match else ""
        if route.startswith("points/<int:pk>"):
            bind(point=view_kwargs.get("pk"))
        return None


# --------------------------------------------------------------------- Celery

HEADER_FIELDS = ("request_id", "user_id")


@before_task_publish.connect(dispatch_uid="portal.logs.publish")
def _add_request_headers(headers=None, **kwargs) -> None:
    """Carry the request id (and its user) in the message of a task it enqueues."""
    if headers is None:
        return
    context = current_context()
    for name in HEADER_FIELDS:
        if context.get(name) is not None and name not in headers:
            headers[name] = context[name]


@task_prerun.connect(dispatch_uid="portal.logs.prerun")
def _bind_task(task_id=None, task=None, **kwargs) -> None:
    request = task.request if task is not None else None
    fields = {"task": getattr(task, "name", None), "task_id": task_id}
    for name in HEADER_FIELDS:
        value = getattr(request, name, None) if request is not None else None
        if value is None and request is not None and request.headers:
            value = request.headers.get(name)
        fields[name] = value
    # A task run by beat or by hand starts its own chain of ids.
    fields["request_id"] = fields["request_id"] or f"task-{task_id}"
    _context.set(fields)


@task_postrun.connect(dispatch_uid="portal.logs.postrun")
def _unbind_task(**kwargs) -> None:
    _context.set(None)
