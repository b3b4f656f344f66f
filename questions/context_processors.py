"""Questions and comments in the navigation bar: a province's own page, or Vụ
CCHC's list, for the current conference."""

from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from conference.selectors import current_conference, point_of_province

from .permissions import is_organiser


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    province_staff = user.role == Role.PROVINCE_STAFF
    if not (province_staff or is_organiser(user)):
        return {}
    conference = current_conference(now=timezone.now())
    if conference is None:
        return {}
    if province_staff:
        point = point_of_province(conference=conference, province=user.province)
        if point is None:
            return {}
        url = reverse("questions:point_questions", kwargs={"pk": point.pk})
    else:
        url = reverse("questions:triage_list", kwargs={"slug": conference.slug})
    return {"nav_questions_url": url}
