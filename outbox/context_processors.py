"""The outbox in the navigation bar, for whoever may use it."""

from django.urls import reverse

from .permissions import can_use_outbox


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not can_use_outbox(user):
        return {}
    return {"nav_outbox_url": reverse("outbox:list")}
