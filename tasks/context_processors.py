"""The tasks page in the navigation bar, for those who may open it."""

from django.urls import reverse
from django.utils import timezone

from conference.selectors import current_conference

from .permissions import can_view_tasks


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_view_tasks(user):
        return {}
    conference = current_conference(now=timezone.now())
    if conference is None:
        return {}
    return {"nav_tasks_url": reverse("tasks:task_list", args=[conference.slug])}
