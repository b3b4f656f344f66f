"""The province's pages: its point, its delegates, submission, and their history."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from conference.permissions import (
    can_manage_point,
    can_reopen_list,
    can_view_delegates,
    points_visible_to,
)

from . import services
from .forms import (
    DelegateForm,
    DeleteDelegateForm,
    ExtendDeadlineForm,
    PointDetailsForm,
    ReopenForm,
    SubmitListForm,
)
from .history import history_of_point
from .selectors import chair_of, delegates_grouped_by_agency


class PointScopedMixin(LoginRequiredMixin):
    """Find the point among those the user may see: any other answers 404."""

    manage = False  # the view changes the list: only the point's own province

    @cached_property
    def point(self):
        points = points_visible_to(self.request.user).select_related(
            "conference", "unit", "submitted_by"
        )
        return get_object_or_404(points, pk=self.kwargs["pk"])

    def has_access(self, user, point) -> bool:
        """May this user use this view on a point they can see (else 403)."""
        if self.manage:
            return can_manage_point(user, point)
        # Delegates' phones and e-mails are personal data: the technicians who see
        # every point for the connection checks do not need them.
        return can_view_delegates(user)

    def refusal(self, request):
        """A response that stops the request before the view runs, or None."""
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user, self.point):
            raise PermissionDenied
        return self.refusal(request) or super().dispatch(request, *args, **kwargs)

    def point_url(self):
        return self.point.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(point=self.point, **kwargs)


class ListChangeMixin(PointScopedMixin):
    """A view that changes the list: refused once it is submitted or past its deadline."""

    manage = True

    def refusal(self, request):
        # A form sent after the deadline is refused by the service and shown again
        # with what the user typed; only opening a page is turned away here.
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            services.ensure_list_editable(point=self.point, now=timezone.now())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(self.point_url())
        return None


def reopen_form_class(point):
    return ReopenForm if services.can_be_reopened(point) else ExtendDeadlineForm


class PointDetailView(PointScopedMixin, TemplateView):
    template_name = "participants/point_detail.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        point = self.point
        groups = delegates_grouped_by_agency(point=point)
        delegates = [d for group in groups for d in group.delegates]
        user = self.request.user
        return super().get_context_data(
            groups=groups,
            delegate_count=len(delegates),
            chair=chair_of(delegates=delegates),
            status=point.status_at(now=now, has_delegates=bool(delegates)),
            deadline=point.deadline,
            now=now,
            editable=services.is_list_editable(point=point, now=now),
            can_manage=can_manage_point(user, point),
            can_reopen=can_reopen_list(user, point),
            # A submitted list is reopened; any other is only given more time.
            reopens=services.can_be_reopened(point),
            reopen_form=reopen_form_class(point)(),
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


class DelegateCreateView(ListChangeMixin, FormView):
    template_name = "participants/delegate_form.html"
    form_class = DelegateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "point": self.point}

    def form_valid(self, form):
        try:
            delegate = services.create_delegate(
                point=self.point,
                data=form.cleaned_data,
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s was added to the list.") % {"name": delegate.full_name},
        )
        if form.namesake_warning:
            messages.warning(self.request, form.namesake_warning)
        if "save_and_add" in self.request.POST:
            return redirect("participants:delegate_add", pk=self.point.pk)
        return HttpResponseRedirect(self.point_url())


class DelegateObjectMixin(ListChangeMixin):
    @cached_property
    def delegate(self):
        return get_object_or_404(self.point.delegates, pk=self.kwargs["delegate_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(delegate=self.delegate, **kwargs)


class DelegateUpdateView(DelegateObjectMixin, FormView):
    template_name = "participants/delegate_form.html"
    form_class = DelegateForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "point": self.point,
            "instance": self.delegate,
        }

    def form_valid(self, form):
        try:
            delegate = services.update_delegate(
                delegate=self.delegate,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s was saved.") % {"name": delegate.full_name}
        )
        if form.namesake_warning:
            messages.warning(self.request, form.namesake_warning)
        return HttpResponseRedirect(self.point_url())


class DelegateDeleteView(DelegateObjectMixin, TemplateView):
    template_name = "participants/delegate_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        form = DeleteDelegateForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.non_field_errors())
            services.delete_delegate(
                delegate=self.delegate,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(self.point_url())
        messages.success(
            request,
            _("%(name)s was removed from the list.")
            % {"name": self.delegate.full_name},
        )
        return HttpResponseRedirect(self.point_url())


class PointSubmitView(ListChangeMixin, TemplateView):
    """Show what is about to be sent, then mark the list as final."""

    template_name = "participants/point_submit_confirm.html"

    def get_context_data(self, **kwargs):
        groups = delegates_grouped_by_agency(point=self.point)
        delegates = [d for group in groups for d in group.delegates]
        return super().get_context_data(
            groups=groups,
            delegate_count=len(delegates),
            chair=chair_of(delegates=delegates),
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reopens=services.can_be_reopened(self.point), **kwargs
        )

    def form_valid(self, form):
        arguments = {
            "point": self.point,
            "by": self.request.user,
            "now": timezone.now(),
            "extend_to": form.cleaned_data.get("extend_to"),
            "reason": form.cleaned_data.get("reason", ""),
        }
        try:
            if isinstance(form, ReopenForm):
                services.reopen_delegate_list(**arguments)
                message = _("The list was reopened for %(unit)s.")
            else:
                services.extend_deadline(**arguments)
                message = _("The deadline of the list of %(unit)s was extended.")
        except ValidationError as exc:
            form.add_error("extend_to", exc)
            return self.form_invalid(form)
        # "Thành phố Hà Nội", "Tỉnh Bắc Ninh": the unit's own kind, not always "tỉnh".
        unit = self.point.unit.full_name if self.point.unit_id else self.point.name
        messages.success(self.request, message % {"unit": unit})
        return HttpResponseRedirect(self.point_url())


class PointHistoryView(PointScopedMixin, TemplateView):
    template_name = "participants/point_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entries=history_of_point(point=self.point), **kwargs
        )
