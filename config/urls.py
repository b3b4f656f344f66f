from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dashboard.views import HomeView

admin.site.site_header = _("Conference portal administration")
admin.site.site_title = _("Conference portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Each role's landing page; not namespaced, it is where every login ends.
    path("", HomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("", include("dashboard.urls")),
    path("", include("participants.urls")),
    path("", include("tasks.urls")),
    path("", include("reminders.urls")),
    path("", include("readiness.urls")),
    path("", include("documents.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
