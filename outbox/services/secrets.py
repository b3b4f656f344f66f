"""Secrets made at send time (a password reset link), never stored in the outbox.

An app above registers a filler by name; a row enqueued with `Secret(name, ref)`
keeps its text with slots, the filler's name and `ref`. Each send asks the filler
for fresh values and puts them only into the SMTP message: never into the row, a
log line or an error text, so the outbox pages and the admin cannot show them and
a copy of the row ("resend") could only send the slots.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import OutboxMessage
from .composing import Parts, fill_slots

# filler(ref, recipient) -> the slots' values, or None when the message is no
# longer wanted (the account is gone, its address changed).
SecretFiller = Callable[[str, str], "dict[str, str] | None"]

_fillers: dict[str, SecretFiller] = {}


def register_secret_filler(name: str, filler: SecretFiller) -> None:
    """Make `filler` complete the rows enqueued with `Secret(name, ...)`."""
    _fillers[name] = filler


def has_filler(name: str) -> bool:
    return name in _fillers


class MissingFiller(Exception):
    """A row names a filler no app registered (its app was removed)."""


def parts_to_send(row: OutboxMessage) -> Parts | None:
    """Subject, text and HTML as they go out; None when the filler declines."""
    parts = (row.subject, row.body_text, row.body_html)
    if not row.secret_filler:
        return parts
    filler = _fillers.get(row.secret_filler)
    if filler is None:
        raise MissingFiller(f"No filler registered as {row.secret_filler!r}.")
    values = filler(row.secret_ref, row.recipient)
    if values is None:
        return None
    return fill_slots(parts, values)
