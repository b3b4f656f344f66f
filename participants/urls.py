from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("points/<int:pk>/", views.PointDetailView.as_view(), name="point_detail"),
]
