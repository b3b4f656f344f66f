from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from tasks.selectors import tasks_of_conference

from .models import Conference
from .permissions import can_record_connection_check, can_view_rollup
from .selectors import points_for_connection_checks, points_for_rollup


class RollupView(LoginRequiredMixin, TemplateView):
    """Vụ CCHC's overview of every point's list and of the plan's tasks."""

    template_name = "conference/rollup.html"

    def get_context_data(self, **kwargs):
        if not can_view_rollup(self.request.user):
            raise Http404
        conference = get_object_or_404(Conference, slug=self.kwargs["slug"])
        now = timezone.now()
        points = list(points_for_rollup(conference=conference))
        for point in points:
            point.current_status = point.display_status(now=now)
        return super().get_context_data(
            conference=conference,
            points=points,
            tasks=tasks_of_conference(conference=conference),
            now=now,
            **kwargs,
        )


class ConnectionCheckListView(LoginRequiredMixin, TemplateView):
    """Trung tâm Thông tin's list of points and their connection checks."""

    template_name = "conference/connection_list.html"

    def get_context_data(self, **kwargs):
        if not can_record_connection_check(self.request.user):
            raise Http404
        conference = get_object_or_404(Conference, slug=self.kwargs["slug"])
        return super().get_context_data(
            conference=conference,
            points=points_for_connection_checks(conference=conference),
            **kwargs,
        )
