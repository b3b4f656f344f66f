from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path(
        "conferences/<slug:slug>/remind-now/",
        views.RemindNowView.as_view(),
        name="remind_now",
    ),
    path(
        "conferences/<slug:slug>/invitations/",
        views.SendInvitationsView.as_view(),
        name="send_invitations",
    ),
]
