"""The login-free pages: what the Ministry's web portal links to or pulls."""

from django.urls import path

from . import feeds, views

app_name = "public"

urlpatterns = [
    path(
        "public/<slug:slug>/",
        views.PublicConferenceView.as_view(),
        name="conference",
    ),
    path("public/<slug:slug>/feed.atom", feeds.ConferenceFeed(), name="feed"),
    path(
        "public/<slug:slug>/programme.pdf",
        views.PublicProgrammeView.as_view(),
        name="programme",
    ),
    path(
        "public/<slug:slug>/files/<int:file_pk>/",
        views.PublicFileView.as_view(),
        name="file",
    ),
]
