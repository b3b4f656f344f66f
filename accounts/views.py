from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from .roles import is_administrator


class PortalLoginView(auth_views.LoginView):
    """Django's login, naming the portal and who to ask for help."""

    def get_default_redirect_url(self):
        # Administrators work in the admin; its "view site" link brings them back
        # to the portal's home, which shows them the portal.
        if is_administrator(self.request.user):
            return resolve_url("admin:index")
        return super().get_default_redirect_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            help_contact=settings.PORTAL_HELP_CONTACT, **kwargs
        )
