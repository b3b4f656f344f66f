from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("outbox/", views.OutboxListView.as_view(), name="outbox_list"),
    path("outbox/<int:pk>/", views.OutboxDetailView.as_view(), name="outbox_detail"),
    path("outbox/<int:pk>/resend/", views.ResendView.as_view(), name="outbox_resend"),
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
