"""A province adds, edits and removes the delegates of its list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from .. import services
from ..enums import DelegateRole
from ..exceptions import AlreadyCreated
from ..forms import DelegateCreateForm, DelegateForm, DeleteDelegateForm
from ..selectors import delegate_created_with
from .common import ListChangeMixin


class DelegateCreateView(ListChangeMixin, FormView):
    template_name = "participants/delegate_form.html"
    form_class = DelegateCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "point": self.point, "offer_case": True}

    def get_initial(self):
        # Step 1's "Register the chair" opens this form with the chair's role chosen.
        if self.request.GET.get("role") == DelegateRole.CHAIR:
            return {**super().get_initial(), "role": DelegateRole.CHAIR}
        return super().get_initial()

    def post(self, request, *args, **kwargs):
        # The same form sent again (a double click): back to the list, before its
        # checks would call the delegate of the first send a duplicate.
        created = delegate_created_with(
            point=self.point, token=request.POST.get("creation_token")
        )
        if created is not None:
            return self.already_created(created)
        return super().post(request, *args, **kwargs)

    def already_created(self, delegate):
        messages.info(
            self.request,
            _("This form was already saved: %(name)s is on the list once.")
            % {"name": delegate.full_name},
        )
        return HttpResponseRedirect(self.point_url())

    def form_valid(self, form):
        try:
            delegate = services.create_delegate(
                point=self.point,
                data=form.cleaned_data,
                by=self.request.user,
                now=timezone.now(),
                token=form.cleaned_data.get("creation_token"),
            )
        except AlreadyCreated as exc:
            return self.already_created(exc.delegate)
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
            "offer_case": True,
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
