from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.enums import Role
from accounts.roles import is_administrator
from conference.models import Conference
from conference.permissions import can_record_connection_check, can_view_rollup
from conference.selectors import current_conference, point_of_province
from tasks.permissions import can_view_tasks
from tasks.selectors import tasks_of_conference

from .selectors import points_for_connection_checks, points_for_rollup


class RollupView(LoginRequiredMixin, TemplateView):
    """Vụ CCHC's overview of every point's list and of the plan's tasks."""

    template_name = "dashboard/rollup.html"

    def get_context_data(self, **kwargs):
        if not can_view_rollup(self.request.user):
            raise Http404
        conference = get_object_or_404(Conference, slug=self.kwargs["slug"])
        now = timezone.now()
        points = points_for_rollup(conference=conference, now=now)
        return super().get_context_data(
            conference=conference,
            points=points,
            tasks=tasks_of_conference(conference=conference),
            now=now,
            **kwargs,
        )


class ConnectionCheckListView(LoginRequiredMixin, TemplateView):
    """Trung tâm Thông tin's list of points and their connection checks."""

    template_name = "dashboard/connection_list.html"

    def get_context_data(self, **kwargs):
        if not can_record_connection_check(self.request.user):
            raise Http404
        conference = get_object_or_404(Conference, slug=self.kwargs["slug"])
        return super().get_context_data(
            conference=conference,
            points=points_for_connection_checks(conference=conference),
            **kwargs,
        )


class HomeView(LoginRequiredMixin, TemplateView):
    """Send each role to its own page."""

    template_name = "dashboard/home_empty.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        conference = current_conference(now=timezone.now())
        if is_administrator(user):
            # The admin's "view site" lands here: the portal as Vụ CCHC sees it.
            if conference is None:
                return redirect("admin:index")
            return redirect("dashboard:rollup", slug=conference.slug)
        if conference is None:
            return super().get(request, *args, **kwargs)
        if user.role == Role.PROVINCE_STAFF:
            point = point_of_province(conference=conference, province=user.province)
            if point is not None:
                return redirect("participants:point_detail", pk=point.pk)
            return super().get(request, *args, **kwargs)
        if user.role == Role.ORGANISER:
            return redirect("dashboard:rollup", slug=conference.slug)
        if user.role == Role.TECHNICIAN:
            return redirect("dashboard:connection_list", slug=conference.slug)
        if can_view_tasks(user):
            # A Ministry unit's member without a portal role (Văn phòng Bộ).
            return redirect("tasks:task_list", slug=conference.slug)
        return super().get(request, *args, **kwargs)
