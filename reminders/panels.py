"""The panel reminders adds to the outbox page (outbox.panels): "remind now" and
the invitations of the current conference."""

from django.utils import timezone

from conference.models import BridgePoint
from conference.selectors import current_conference
from tasks.models import OrganisationalUnit


def outbox_panel(request) -> dict | None:
    """The outbox page's "remind now" and invitations, for the current conference."""
    conference = current_conference(now=timezone.now())
    if conference is None:
        return None
    return {
        "conference": conference,
        "points": BridgePoint.objects.filter(conference=conference, unit__isnull=False)
        .select_related("unit")
        .order_by("unit__code"),
        "units": OrganisationalUnit.objects.filter(tasks__conference=conference)
        .distinct()
        .order_by("order", "name"),
    }
