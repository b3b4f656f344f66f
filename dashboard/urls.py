from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("conferences/<slug:slug>/rollup/", views.RollupView.as_view(), name="rollup"),
    path(
        "conferences/<slug:slug>/connection-checks/",
        views.ConnectionCheckListView.as_view(),
        name="connection_list",
    ),
]
