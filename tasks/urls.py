from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path(
        "conferences/<slug:slug>/tasks/", views.TaskListView.as_view(), name="task_list"
    ),
    path("tasks/<int:pk>/status/", views.TaskStatusView.as_view(), name="task_status"),
]
