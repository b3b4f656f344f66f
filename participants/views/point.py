"""The point's page, its details and its history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from .. import services
from ..decision_forms import example_deadline
from ..forms import PointDetailsForm
from ..history import history_of_point
from ..permissions import can_manage_point, can_reopen_list
from ..selectors import latest_decision, list_summary
from .common import PointScopedMixin, back_url
from .decisions import reopen_form_class


class PointDetailView(PointScopedMixin, TemplateView):
    template_name = "participants/point_detail.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        point = self.point
        summary = list_summary(point=point)
        user = self.request.user
        return super().get_context_data(
            groups=summary.groups,
            delegate_count=summary.delegate_count,
            chair=summary.chair,
            status=point.delegate_list.status_at(
                now=now, has_delegates=bool(summary.delegate_count)
            ),
            deadline=point.delegate_list.deadline,
            now=now,
            editable=services.is_list_editable(point=point, now=now),
            can_manage=can_manage_point(user, point),
            can_reopen=can_reopen_list(user, point),
            # A submitted list is reopened; any other is only given more time.
            reopens=services.can_be_reopened(point),
            reopen_form=reopen_form_class(point)(
                example=example_deadline(point.conference.starts_at)
            ),
            # Step 3 is disabled, with this reason beside it, until the list has
            # a chair and delegates; the submission refuses with the same reason.
            submit_blocker=services.submission_blocker(
                delegate_count=summary.delegate_count,
                chair_count=1 if summary.chair else 0,
            ),
            decision=latest_decision(point=point),
            back=back_url(self.request),
            **kwargs,
        )


class PointUpdateView(PointScopedMixin, FormView):
    """The province keeps its room, address and technical contact current."""

    manage = True
    template_name = "participants/point_form.html"
    form_class = PointDetailsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.point}

    def form_valid(self, form):
        try:
            services.update_point_details(
                point=self.point,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The bridge point's details were saved."))
        return HttpResponseRedirect(self.point_url())


class PointHistoryView(PointScopedMixin, TemplateView):
    template_name = "participants/point_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entries=history_of_point(point=self.point), **kwargs
        )
