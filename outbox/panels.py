"""Panels that apps above the outbox add to the outbox page.

The outbox page lists e-mails; an app that sends some may offer an action beside
them (reminders: "remind now", the invitations). It registers a template and a
function of the request giving that template's context, or None to show nothing;
the outbox includes each panel without knowing whose it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[HttpRequest], dict | None]


_panels: dict[str, Panel] = {}


def register_panel(
    name: str, *, template: str, context: Callable[[HttpRequest], dict | None]
) -> None:
    """Show `template` with `context(request)` (as `panel`) on the outbox page."""
    _panels[name] = Panel(template=template, context=context)


def panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    """(template, context) of each panel that has something to show, in the order
    they were registered."""
    shown = []
    for panel in _panels.values():
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
