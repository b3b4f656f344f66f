"""What every page of the app starts from: a point the user may see, or a
conference for Vụ CCHC."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from conference.models import Conference
from conference.permissions import points_visible_to

from ..permissions import can_ask, check_organiser


class PointMixin(LoginRequiredMixin):
    """The point among those the user may see (another province's: 404), for the
    point's own province (any other role: 403)."""

    def has_access(self, user, point) -> bool:
        return can_ask(user, point)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user, self.point):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def point(self):
        points = points_visible_to(self.request.user).select_related(
            "conference", "unit"
        )
        return get_object_or_404(points, pk=self.kwargs["pk"])

    @property
    def conference(self):
        return self.point.conference

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            point=self.point, conference=self.conference, **kwargs
        )


class OrganiserMixin(LoginRequiredMixin):
    """Vụ CCHC's pages of a conference: province staff 404, other roles 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_organiser(request.user)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def conference(self) -> Conference:
        return get_object_or_404(Conference, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(conference=self.conference, **kwargs)


def add_errors(form, error: ValidationError, *, field: str | None = None) -> None:
    """Put a service's refusal on the form: on its fields when it names them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


def private_file(field_file, *, download_name: str) -> FileResponse:
    """A stored file as a download, never inline: only through a view that
    checked who asks."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
