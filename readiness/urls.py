from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path(
        "points/<int:pk>/readiness/", views.PointReadinessView.as_view(), name="point"
    ),
    path(
        "points/<int:pk>/readiness/edit/",
        views.ChecklistUpdateView.as_view(),
        name="checklist_edit",
    ),
    path(
        "points/<int:pk>/readiness/tests/<int:round>/",
        views.ConnectionTestRecordView.as_view(),
        name="test_record",
    ),
    path(
        "points/<int:pk>/readiness/quick-ok/",
        views.QuickOkView.as_view(),
        name="quick_ok",
    ),
    path("points/<int:pk>/check-in/", views.CheckInView.as_view(), name="check_in"),
]
