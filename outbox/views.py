"""The outbox pages of whoever holds `outbox.use_outbox` (Vụ CCHC, the admins):
what was sent, one e-mail, resend, and the progress of one send."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import services
from .forms import OutboxFilterForm
from .models import OutboxMessage
from .panels import panels_for
from .permissions import can_use_outbox
from .selectors import batch_progress, outbox_messages


class OutboxAccessMixin(LoginRequiredMixin):
    """Signed in, else the login page; without the outbox permission, 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_outbox(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OutboxListView(OutboxAccessMixin, TemplateView):
    template_name = "outbox/list.html"

    def get_context_data(self, **kwargs):
        form = OutboxFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = Paginator(
            outbox_messages(
                state=filters.get("state", ""),
                topic=filters.get("kind", ""),
                q=filters.get("q", ""),
            ),
            50,
        ).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            query=query.urlencode(),
            panels=panels_for(self.request),
            **kwargs,
        )


class OutboxDetailView(OutboxAccessMixin, TemplateView):
    """One e-mail; of one carrying a secret (a reset link), only to whom, when and
    how it went: its text is not shown."""

    template_name = "outbox/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            message=get_object_or_404(OutboxMessage, pk=self.kwargs["pk"]), **kwargs
        )


class ResendView(OutboxAccessMixin, View):
    def post(self, request, pk):
        # A reset link is never sent twice: its owner asks for a new one.
        message = get_object_or_404(OutboxMessage, pk=pk, secret_filler="")
        if services.resend(message=message):
            messages.success(request, _("The e-mail was queued again."))
        return HttpResponseRedirect(reverse("outbox:list"))


class OutboxBatchView(OutboxAccessMixin, TemplateView):
    """The progress of one send, polled by htmx until nothing waits."""

    template_name = "outbox/batch.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["outbox/_batch_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        progress = batch_progress(batch=self.kwargs["batch"])
        if not progress.total:
            raise Http404
        return super().get_context_data(
            progress=progress, created_at=progress.created_at, **kwargs
        )


def after_send(request, *, count: int, batch: uuid.UUID, done: str):
    """After a mass send: to its progress page, or back to the outbox when nothing
    was new. `done` says what was queued (with `%(count)d`)."""
    if not count:
        messages.info(
            request,
            _(
                "Nothing new to send: already reminded in the last minutes, "
                "finished, or no e-mail address."
            ),
        )
        return HttpResponseRedirect(reverse("outbox:list"))
    messages.success(request, done % {"count": count})
    return HttpResponseRedirect(reverse("outbox:batch", kwargs={"batch": batch}))
