"""Trung tâm Thông tin's pages for one point, and the province's view of its own."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from conference.permissions import points_visible_to
from participants.permissions import can_view_delegates

from . import services
from .enums import TestRound
from .forms import CheckInForm, ChecklistForm, ConnectionTestForm, QuickOkForm
from .history import readiness_history
from .permissions import can_check_in, can_record_readiness, can_view_readiness
from .selectors import (
    check_in_of,
    check_in_record_of,
    check_in_window_of,
    checklist_of,
    readiness_of_point,
    tests_of,
)


class ReadinessPointMixin(LoginRequiredMixin):
    """Find the point among those the user may see (else 404), then check the role."""

    def has_access(self, user, point) -> bool:
        return can_record_readiness(user)

    @cached_property
    def point(self):
        points = points_visible_to(self.request.user).select_related(
            "conference", "unit"
        )
        return get_object_or_404(points, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user, self.point):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def readiness_url(self):
        return self._next() or reverse_point(self.point)

    def _next(self):
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}
        ):
            return target
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            point=self.point, next=self._next() or "", **kwargs
        )


def reverse_point(point):
    return reverse("readiness:point", kwargs={"pk": point.pk})


class PointReadinessView(ReadinessPointMixin, TemplateView):
    """A point's readiness, tests, next test slot and history."""

    template_name = "readiness/point_readiness.html"

    def has_access(self, user, point) -> bool:
        return can_view_readiness(user, point)

    def get_context_data(self, **kwargs):
        user = self.request.user
        tests = tests_of(self.point)
        window = check_in_window_of(self.point)
        now = timezone.now()
        return super().get_context_data(
            annotated=readiness_of_point(self.point),
            checklist=checklist_of(self.point),
            tests=[(r, tests.get(r.value)) for r in TestRound],
            check_in=check_in_of(self.point),
            check_in_opens=window.opens,
            check_in_open=window.is_open(now),
            check_in_over=window.is_over(now),
            entries=readiness_history(point=self.point),
            can_record=can_record_readiness(user),
            can_check_in=can_check_in(user, self.point),
            # Back to the point's page, for those who may open it (not the
            # technicians: the delegates' details are not theirs to see).
            point_url=(
                self.point.get_absolute_url() if can_view_delegates(user) else ""
            ),
            **kwargs,
        )


class ChecklistUpdateView(ReadinessPointMixin, FormView):
    template_name = "readiness/checklist_form.html"
    form_class = ChecklistForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": checklist_of(self.point)}

    def form_valid(self, form):
        try:
            services.save_checklist(
                point=self.point,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(getattr(exc, "field", None), exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The readiness checklist was saved."))
        return HttpResponseRedirect(self.readiness_url())


class ConnectionTestRecordView(ReadinessPointMixin, FormView):
    template_name = "readiness/test_form.html"
    form_class = ConnectionTestForm

    @cached_property
    def round(self) -> TestRound:
        try:
            return TestRound(self.kwargs["round"])
        except ValueError:
            raise Http404 from None

    def get_initial(self):
        # A round not yet recorded: now, and the signed-in technician by name (a
        # person, never the account's login). A recorded round shows what it holds.
        if tests_of(self.point).get(self.round.value) is not None:
            return {}
        return {
            "tested_at": timezone.localtime(),
            "engineer": self.request.user.get_full_name(),
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": tests_of(self.point).get(self.round.value),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)

    def form_valid(self, form):
        try:
            services.record_test(
                point=self.point,
                round_=self.round,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(getattr(exc, "field", None), exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(round)s of %(point)s was recorded.")
            % {"round": self.round.label, "point": self.point.name},
        )
        return HttpResponseRedirect(self.readiness_url())


class QuickOkView(ReadinessPointMixin, View):
    """A technician's one-click "OK" from the list, for the round the button names.

    Sent twice (a double click, two technicians at once), it records the round once
    and tells the second click so.
    """

    def post(self, request, *args, **kwargs):
        form = QuickOkForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Choose the round to record from the list; nothing was recorded."),
            )
            return HttpResponseRedirect(self.readiness_url())
        try:
            test = services.record_quick_ok(
                point=self.point,
                round_=form.cleaned_data["round"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            messages.warning(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("%(round)s of %(point)s was recorded.")
                % {
                    "round": test.get_round_display(),
                    "point": self.point.name,
                },
            )
        return HttpResponseRedirect(self.readiness_url())


class CheckInView(ReadinessPointMixin, FormView):
    """On the day: the province (or a technician for it) marks the point connected."""

    template_name = "readiness/check_in_form.html"
    form_class = CheckInForm

    def has_access(self, user, point) -> bool:
        return can_check_in(user, point)

    def get(self, request, *args, **kwargs):
        # A form sent outside the day is refused by the service and shown again;
        # only opening the page is turned away here.
        try:
            services.ensure_check_in_open(point=self.point, now=timezone.now())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(self.readiness_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": check_in_record_of(self.point),
            "point": self.point,
        }

    def form_valid(self, form):
        try:
            services.check_in(
                point=self.point,
                present_count=form.cleaned_data["present_count"],
                expected_version=form.cleaned_data["version"],
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(getattr(exc, "field", None), exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(point)s is connected.") % {"point": self.point.name}
        )
        return HttpResponseRedirect(self.readiness_url())
