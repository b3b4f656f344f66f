from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project's own templates and messages; holds no models."""

    name = "config"
    verbose_name = _("Conference portal")


class PortalAdminConfig(AdminConfig):
    """Django's admin, whose default site is the portal's (config.admin)."""

    default_site = "config.admin.PortalAdminSite"
