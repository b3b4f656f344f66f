from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from conference.selectors import current_conference, point_of_province

from .enums import Role


class HomeView(LoginRequiredMixin, TemplateView):
    """Send each role to its own page."""

    template_name = "accounts/home_empty.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.role == Role.ADMIN or (user.is_superuser and not user.role):
            return redirect("admin:index")
        conference = current_conference(now=timezone.now())
        if conference is None:
            return super().get(request, *args, **kwargs)
        if user.role == Role.PROVINCE_STAFF:
            point = point_of_province(conference=conference, province=user.province)
            if point is not None:
                return redirect("participants:point_detail", pk=point.pk)
            return super().get(request, *args, **kwargs)
        if user.role == Role.ORGANISER:
            return redirect("conference:rollup", slug=conference.slug)
        if user.role == Role.TECHNICIAN:
            return redirect("conference:connection_list", slug=conference.slug)
        return super().get(request, *args, **kwargs)
