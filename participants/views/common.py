"""What every page of a point starts from: the point among those the user may
see, and, for a page that changes the list, a list still open."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from conference.permissions import points_visible_to

from .. import services
from ..permissions import can_manage_point, can_view_delegates


class PointScopedMixin(LoginRequiredMixin):
    """Find the point among those the user may see: any other answers 404."""

    manage = False  # the view changes the list: only the point's own province

    @cached_property
    def point(self):
        points = points_visible_to(self.request.user).select_related(
            "conference", "unit", "delegate_list__submitted_by"
        )
        return get_object_or_404(points, pk=self.kwargs["pk"])

    def has_access(self, user, point) -> bool:
        """May this user use this view on a point they can see (else 403)."""
        if self.manage:
            return can_manage_point(user, point)
        # Delegates' phones and e-mails are personal data: the technicians who see
        # every point for the connection checks do not need them.
        return can_view_delegates(user)

    def refusal(self, request):
        """A response that stops the request before the view runs, or None."""
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user, self.point):
            raise PermissionDenied
        return self.refusal(request) or super().dispatch(request, *args, **kwargs)

    def point_url(self):
        return self.point.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(point=self.point, **kwargs)


class ListChangeMixin(PointScopedMixin):
    """A view that changes the list: refused once it is submitted or past its deadline."""

    manage = True

    def refusal(self, request):
        # A form sent after the deadline is refused by the service and shown again
        # with what the user typed; only opening a page is turned away here.
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            services.ensure_list_editable(point=self.point, now=timezone.now())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(self.point_url())
        return None


def back_url(request) -> str:
    """The page the user came from (the dashboard with its filters), if it is ours."""
    target = request.GET.get("back", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return ""
