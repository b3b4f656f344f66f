"""Capture what the portal logs, as the console handler writes it: JSON lines."""

import contextlib
import io
import json
import logging

from config.logs import ContextFilter, PortalJsonFormatter


@contextlib.contextmanager
def json_log_lines(
    *, level=logging.DEBUG, extra_loggers=("celery", "celery.app.trace")
):
    """Yield a list that fills, on exit, with every record logged meanwhile as the
    portal's JSON line (parsed), and the raw text under key "_raw" of a dict."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(PortalJsonFormatter())
    handler.setLevel(level)
    root = logging.getLogger()
    old_level = root.level
    loggers = [logging.getLogger(name) for name in extra_loggers]
    # A worker started in this process (or an earlier test's) may have set their
    # level, cut their propagation or disabled them: undone for the capture.
    old_states = [(lg.level, lg.propagate, lg.disabled) for lg in loggers]
    root.addHandler(handler)
    root.setLevel(level)
    for logger in loggers:
        logger.setLevel(level)
        logger.propagate = True
        logger.disabled = False
    captured: dict = {"lines": [], "raw": ""}
    try:
        yield captured
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for logger, (old_level, propagate, disabled) in zip(
            loggers, old_states, strict=True
        ):
            logger.setLevel(old_level)
            logger.propagate = propagate
            logger.disabled = disabled
        captured["raw"] = stream.getvalue()
        captured["lines"] = [json.loads(line) for line in captured["raw"].splitlines()]
