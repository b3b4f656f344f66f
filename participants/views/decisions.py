"""Decisions on a list: the province submits it; Vụ CCHC reopens it or extends
its deadline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from .. import services
from ..decision_forms import ExtendDeadlineForm, ReopenForm, example_deadline
from ..forms import SubmitListForm
from ..permissions import can_reopen_list
from ..selectors import list_summary
from .common import ListChangeMixin, PointScopedMixin, back_url


def reopen_form_class(point):
    return ReopenForm if services.can_be_reopened(point) else ExtendDeadlineForm


class PointSubmitView(ListChangeMixin, TemplateView):
    """Show what is about to be sent, then mark the list as final."""

    template_name = "participants/point_submit_confirm.html"

    def get_context_data(self, **kwargs):
        summary = list_summary(point=self.point)
        return super().get_context_data(
            groups=summary.groups,
            delegate_count=summary.delegate_count,
            chair=summary.chair,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = SubmitListForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.non_field_errors())
            services.submit_delegate_list(
                point=self.point,
                by=request.user,
                now=timezone.now(),
                expected_list_version=form.cleaned_data["list_version"],
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _(
                    "The list was submitted to the Ministry. It is now read-only; the "
                    "room, address and technical contact can still be changed."
                ),
            )
        return HttpResponseRedirect(self.point_url())


class PointReopenView(PointScopedMixin, FormView):
    """Vụ CCHC reopens a province's submitted list, or extends a draft's deadline.

    A draft is never "reopened": that would keep it open until the conference.
    """

    template_name = "participants/point_reopen.html"

    def has_access(self, user, point) -> bool:
        return can_reopen_list(user, point)

    def get_form_class(self):
        return reopen_form_class(self.point)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "example": example_deadline(self.point.conference.starts_at),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reopens=services.can_be_reopened(self.point),
            back=back_url(self.request),
            **kwargs,
        )

    def point_url(self):
        # Back to the point page, still knowing the dashboard view it came from.
        back = back_url(self.request)
        url = self.point.get_absolute_url()
        return f"{url}?{urlencode({'back': back})}" if back else url

    def form_valid(self, form):
        arguments = {
            "point": self.point,
            "by": self.request.user,
            "now": timezone.now(),
            "extend_to": form.cleaned_data.get("extend_to"),
            "reason": form.cleaned_data["reason"],
        }
        try:
            if isinstance(form, ReopenForm):
                services.reopen_delegate_list(**arguments)
                message = _("The list was reopened for %(unit)s.")
            else:
                services.extend_deadline(**arguments)
                message = _("The deadline of the list of %(unit)s was extended.")
        except ValidationError as exc:
            # A refused deadline or reason is shown on its field.
            form.add_error(getattr(exc, "field", None), exc)
            return self.form_invalid(form)
        # "thành phố Hà Nội", "tỉnh Bắc Ninh": the unit's own kind, not always "tỉnh",
        # lower-case inside the sentence.
        unit = self.point.unit.designation if self.point.unit_id else self.point.name
        messages.success(self.request, message % {"unit": unit})
        return HttpResponseRedirect(self.point_url())
