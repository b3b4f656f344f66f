from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("outbox/", views.OutboxListView.as_view(), name="list"),
    path("outbox/<int:pk>/", views.OutboxDetailView.as_view(), name="detail"),
    path("outbox/<int:pk>/resend/", views.ResendView.as_view(), name="resend"),
    path("outbox/sends/<uuid:batch>/", views.OutboxBatchView.as_view(), name="batch"),
]
