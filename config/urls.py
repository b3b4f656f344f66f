from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import PortalAdminAuthenticationForm
from dashboard.views import HomeView

admin.site.site_header = _("Conference portal administration")
admin.site.site_title = _("Conference portal")
admin.site.index_title = _("Administration")
# "View site" leads to the portal's home, which sends each role to its own page.
admin.site.site_url = reverse_lazy("home")
# The admin's login refuses the demo password too, as /login/ does.
admin.site.login_form = PortalAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # Each role's landing page; not namespaced, it is where every login ends.
    path("", HomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("", include("dashboard.urls")),
    path("", include("participants.urls")),
    path("", include("tasks.urls")),
    path("", include("reminders.urls")),
    path("", include("outbox.urls")),
    path("", include("readiness.urls")),
    path("", include("documents.urls")),
    path("", include("questions.urls")),
    path("", include("publication.urls")),
    # No login: the Ministry's web portal links to these pages and pulls the feed.
    path("", include("publication.public_urls")),
]

# No route serves MEDIA_ROOT, in any mode (DEBUG included): uploads and generated
# documents are reached only through the views of `documents`, which check the role
# and the point (an unpublished file is Vụ CCHC's alone). The PDF renderer reads media
# from disk (`common.pdf.fetcher`), never over HTTP.
