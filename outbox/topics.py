"""What the outbox's messages are about, as the apps that write them name it.

An app registers each topic it writes with a label (its `ready()`); the outbox
pages filter by topic and show the label. The outbox itself names only its own
topic ("resend"): it knows no other app.
"""

from __future__ import annotations

from django.utils.functional import Promise

_labels: dict[str, str | Promise] = {}


def register_topic(topic: str, label: str | Promise) -> None:
    """Name `topic` (a short slug the app passes to `Mail(topic=...)`) on the pages."""
    _labels[topic] = label


def topic_choices() -> list[tuple[str, str | Promise]]:
    """(topic, label) of every registered topic, by label."""
    return sorted(_labels.items(), key=lambda item: str(item[1]))
