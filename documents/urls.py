from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "points/<int:pk>/documents/",
        views.PointDocumentsView.as_view(),
        name="point_documents",
    ),
    path(
        "points/<int:pk>/documents/invitation.pdf",
        views.InvitationView.as_view(),
        name="invitation",
    ),
    path(
        "points/<int:pk>/documents/programme.pdf",
        views.ProgrammeView.as_view(),
        name="programme",
    ),
    path(
        "points/<int:pk>/documents/backdrop-<int:size_pk>.pdf",
        views.BackdropView.as_view(),
        name="backdrop",
    ),
    path(
        "points/<int:pk>/documents/backdrop-<int:size_pk>.png",
        views.BackdropPreviewView.as_view(),
        name="backdrop_preview",
    ),
    path(
        "points/<int:pk>/documents/files/<int:file_pk>/",
        views.FileView.as_view(),
        name="file",
    ),
    path(
        "conferences/<slug:slug>/documents/",
        views.ConferenceDocumentsView.as_view(),
        name="conference",
    ),
    path(
        "conferences/<slug:slug>/documents/upload/",
        views.UploadView.as_view(),
        name="upload",
    ),
    path(
        "conferences/<slug:slug>/documents/files/<int:file_pk>/",
        views.ConferenceFileView.as_view(),
        name="conference_file",
    ),
    path(
        "conferences/<slug:slug>/documents/files/<int:file_pk>/publish/",
        views.PublishFileView.as_view(),
        name="publish_file",
    ),
    path(
        "conferences/<slug:slug>/documents/programme/publish/",
        views.PublishProgrammeView.as_view(),
        name="publish_programme",
    ),
    path(
        "conferences/<slug:slug>/documents/render-all/",
        views.RenderAllView.as_view(),
        name="render_all",
    ),
    path(
        "conferences/<slug:slug>/jobs/<int:job_pk>/",
        views.JobProgressView.as_view(),
        name="job_progress",
    ),
    path(
        "conferences/<slug:slug>/jobs/<int:job_pk>/download/",
        views.JobFileView.as_view(),
        name="job_file",
    ),
]
