"""Hand a task to the broker from a web request without ever hanging on it."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def enqueue_or_leave_for_beat(task, *, what: str) -> bool:
    """Queue `task` now, waiting at most OUTBOX_NUDGE_TIMEOUT_SECONDS for the broker.

    A broker that is down is logged and forgotten (return False): every caller has a
    periodic beat entry that does the same work once the broker is back.
    """
    timeout = settings.OUTBOX_NUDGE_TIMEOUT_SECONDS
    app = task.app
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "max_retries": 0,
    }
    try:
        with app.connection_for_write(
            connect_timeout=timeout, transport_options=options
        ) as connection:
            task.apply_async(connection=connection, retry=False, ignore_result=True)
    except Exception:  # noqa: BLE001 — any broker error only delays the work
        logger.warning(
            "Could not reach the broker for %s; the periodic run will do it.",
            what,
            exc_info=True,
        )
        return False
    return True
