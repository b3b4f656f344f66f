from django.urls import path

from . import excel_views, views

app_name = "participants"

urlpatterns = [
    path("points/<int:pk>/", views.PointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", views.PointUpdateView.as_view(), name="point_edit"),
    path(
        "points/<int:pk>/submit/", views.PointSubmitView.as_view(), name="point_submit"
    ),
    path(
        "points/<int:pk>/reopen/", views.PointReopenView.as_view(), name="point_reopen"
    ),
    path(
        "points/<int:pk>/history/",
        views.PointHistoryView.as_view(),
        name="point_history",
    ),
    path(
        "points/<int:pk>/delegates/add/",
        views.DelegateCreateView.as_view(),
        name="delegate_add",
    ),
    path(
        "points/<int:pk>/delegates/<int:delegate_pk>/edit/",
        views.DelegateUpdateView.as_view(),
        name="delegate_edit",
    ),
    path(
        "points/<int:pk>/delegates/<int:delegate_pk>/delete/",
        views.DelegateDeleteView.as_view(),
        name="delegate_delete",
    ),
    path(
        "points/<int:pk>/delegates/template.xlsx",
        excel_views.DelegateTemplateView.as_view(),
        name="delegate_template",
    ),
    path(
        "points/<int:pk>/delegates/import/",
        excel_views.DelegateImportView.as_view(),
        name="delegate_import",
    ),
    path(
        "points/<int:pk>/delegates/import/<int:import_id>/",
        excel_views.DelegateImportPreviewView.as_view(),
        name="delegate_import_preview",
    ),
    path(
        "points/<int:pk>/delegates/export.xlsx",
        excel_views.DelegateExportView.as_view(),
        name="delegate_export",
    ),
]
