from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from dashboard.views import HomeView

from . import password_reset

admin.site.site_header = _("Conference portal administration")
admin.site.site_title = _("Conference portal")
admin.site.index_title = _("Administration")
# "View site" leads to the portal's home, which sends each role to its own page.
admin.site.site_url = reverse_lazy("home")

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "password/reset/",
        password_reset.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password_reset.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Each role's landing page; not namespaced, it is where every login ends.
    path("", HomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("", include("dashboard.urls")),
    path("", include("participants.urls")),
    path("", include("tasks.urls")),
    path("", include("reminders.urls")),
    path("", include("documents.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
