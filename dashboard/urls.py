from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("conferences/<slug:slug>/rollup/", views.RollupView.as_view(), name="rollup"),
    path("conferences/<slug:slug>/map/", views.TileMapView.as_view(), name="map"),
    path(
        "conferences/<slug:slug>/rollup/delegates.xlsx",
        views.DelegatesExportView.as_view(),
        name="export_xlsx",
    ),
    path(
        "conferences/<slug:slug>/rollup/rollup.pdf",
        views.RollupPdfView.as_view(),
        name="export_pdf",
    ),
    path(
        "conferences/<slug:slug>/rollup/delegates.pdf",
        views.CompiledListPdfView.as_view(),
        name="export_compiled_pdf",
    ),
    path(
        "conferences/<slug:slug>/connection-checks/",
        views.ConnectionCheckListView.as_view(),
        name="connection_list",
    ),
    path("conferences/<slug:slug>/day/", views.DayView.as_view(), name="day"),
]
