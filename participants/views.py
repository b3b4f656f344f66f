from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from conference.permissions import points_visible_to


class PointDetailView(LoginRequiredMixin, DetailView):
    template_name = "participants/point_detail.html"
    context_object_name = "point"

    def get_queryset(self):
        return points_visible_to(self.request.user).select_related("conference", "unit")
