from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from conference.models import Conference

from . import services
from .forms import TaskStatusForm
from .models import Task
from .permissions import can_change_task, can_manage_all_tasks, can_view_tasks
from .selectors import province_list_tasks, tasks_by_unit


class TaskListView(LoginRequiredMixin, TemplateView):
    """Every task of the conference by unit, and each province's delegate list.

    Like the roll-up, a page someone may not use is a 404.
    """

    template_name = "tasks/task_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not can_view_tasks(user):
            raise Http404
        conference = get_object_or_404(Conference, slug=self.kwargs["slug"])
        now = timezone.now()
        provinces = province_list_tasks(conference=conference, now=now)
        return super().get_context_data(
            conference=conference,
            groups=tasks_by_unit(conference=conference, now=now, user=user),
            provinces=provinces,
            provinces_done=sum(1 for p in provinces if p.done),
            manage_all=can_manage_all_tasks(user),
            now=now,
            **kwargs,
        )


class TaskStatusView(LoginRequiredMixin, FormView):
    """Mark one task to do, in progress or done (with a note)."""

    form_class = TaskStatusForm
    template_name = "tasks/task_status.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.task = get_object_or_404(
            Task.objects.select_related("conference", "assignee_unit"), pk=kwargs["pk"]
        )
        if not can_change_task(request.user, self.task):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "manage_all": can_manage_all_tasks(self.request.user),
        }

    def get_initial(self):
        return {"status": self.task.status, "note": self.task.note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.task, **kwargs)

    def form_valid(self, form):
        services.set_task_status(
            task=self.task,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            by=self.request.user,
            now=timezone.now(),
        )
        messages.success(self.request, _("The task was updated."))
        return HttpResponseRedirect(
            reverse("tasks:task_list", args=[self.task.conference.slug])
        )
