"""The conference day's screen in the navigation bar, for those who may open it."""

from django.urls import reverse
from django.utils import timezone

from conference.selectors import current_conference

from .permissions import can_view_day


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    conference = current_conference(now=timezone.now())
    if conference is None or not can_view_day(user, conference):
        return {}
    return {"nav_day_url": reverse("dashboard:day", args=[conference.slug])}
