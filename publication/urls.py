"""Vụ CCHC's Voffice packages (namespace `publication`); the login-free pages are
in `public_urls` (namespace `public`)."""

from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path(
        "conferences/<slug:slug>/voffice/",
        views.VofficeListView.as_view(),
        name="voffice",
    ),
    path(
        "conferences/<slug:slug>/voffice/<int:pk>.zip",
        views.VofficePackageView.as_view(),
        name="voffice_package",
    ),
]
