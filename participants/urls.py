from django.urls import path

from .views import decisions, delegates, excel, point

app_name = "participants"

urlpatterns = [
    path("points/<int:pk>/", point.PointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", point.PointUpdateView.as_view(), name="point_edit"),
    path(
        "points/<int:pk>/submit/",
        decisions.PointSubmitView.as_view(),
        name="point_submit",
    ),
    path(
        "points/<int:pk>/reopen/",
        decisions.PointReopenView.as_view(),
        name="point_reopen",
    ),
    path(
        "points/<int:pk>/history/",
        point.PointHistoryView.as_view(),
        name="point_history",
    ),
    path(
        "points/<int:pk>/delegates/add/",
        delegates.DelegateCreateView.as_view(),
        name="delegate_add",
    ),
    path(
        "points/<int:pk>/delegates/<int:delegate_pk>/edit/",
        delegates.DelegateUpdateView.as_view(),
        name="delegate_edit",
    ),
    path(
        "points/<int:pk>/delegates/<int:delegate_pk>/delete/",
        delegates.DelegateDeleteView.as_view(),
        name="delegate_delete",
    ),
    path(
        "points/<int:pk>/delegates/template.xlsx",
        excel.DelegateTemplateView.as_view(),
        name="delegate_template",
    ),
    path(
        "points/<int:pk>/delegates/import/",
        excel.DelegateImportView.as_view(),
        name="delegate_import",
    ),
    path(
        "points/<int:pk>/delegates/import/<int:import_id>/",
        excel.DelegateImportPreviewView.as_view(),
        name="delegate_import_preview",
    ),
    path(
        "points/<int:pk>/delegates/export.xlsx",
        excel.DelegateExportView.as_view(),
        name="delegate_export",
    ),
]
