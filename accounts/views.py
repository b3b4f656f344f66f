from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.views.generic import TemplateView

from conference.selectors import current_conference, point_of_province

from .enums import Role


def is_administrator(user) -> bool:
    return user.role == Role.ADMIN or (user.is_superuser and not user.role)


class PortalLoginView(auth_views.LoginView):
    """Django's login, naming the portal and who to ask for help."""

    def get_default_redirect_url(self):
        # Administrators work in the admin; its "view site" link brings them back
        # to the portal's home.
        if is_administrator(self.request.user):
            return resolve_url("admin:index")
        return super().get_default_redirect_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            help_contact=settings.PORTAL_HELP_CONTACT, **kwargs
        )


class HomeView(LoginRequiredMixin, TemplateView):
    """Send each role to its own page."""

    template_name = "accounts/home_empty.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        conference = current_conference(now=timezone.now())
        if is_administrator(user):
            # The admin's "view site" lands here: the portal as Vụ CCHC sees it.
            if conference is None:
                return redirect("admin:index")
            return redirect("conference:rollup", slug=conference.slug)
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
