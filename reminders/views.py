"""The outbox pages of Vụ CCHC and the admins: what was sent, resend, remind now."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from conference.models import BridgePoint, Conference
from conference.selectors import current_conference
from outbox import services as outbox_services
from outbox.models import OutboxMessage
from tasks.models import OrganisationalUnit

from . import services
from .forms import OutboxFilterForm
from .invitations import send_invitations
from .permissions import can_use_outbox
from .selectors import outbox_messages


class OutboxAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_outbox(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OutboxListView(OutboxAccessMixin, TemplateView):
    template_name = "reminders/outbox_list.html"

    def get_context_data(self, **kwargs):
        form = OutboxFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = Paginator(
            outbox_messages(
                state=filters.get("state", ""),
                kind=filters.get("kind", ""),
                q=filters.get("q", ""),
            ),
            50,
        ).get_page(self.request.GET.get("page"))
        conference = current_conference(now=timezone.now())
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            query=query.urlencode(),
            conference=conference,
            points=(
                BridgePoint.objects.filter(conference=conference, unit__isnull=False)
                .select_related("unit")
                .order_by("unit__code")
                if conference
                else []
            ),
            units=OrganisationalUnit.objects.filter(tasks__conference=conference)
            .distinct()
            .order_by("order", "name"),
            **kwargs,
        )


class OutboxDetailView(OutboxAccessMixin, TemplateView):
    template_name = "reminders/outbox_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            message=get_object_or_404(OutboxMessage, pk=self.kwargs["pk"]), **kwargs
        )


class ResendView(OutboxAccessMixin, View):
    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        outbox_services.resend(message=message)
        messages.success(request, _("The e-mail was queued again."))
        return HttpResponseRedirect(reverse("reminders:outbox_list"))


class RemindNowView(OutboxAccessMixin, View):
    """ "Nhắc ngay": one province, one unit, or every province not submitted."""

    def post(self, request, slug):
        conference = get_object_or_404(Conference, slug=slug)
        target = request.POST.get("target", "")
        now = timezone.now()
        kind, _sep, pk = target.partition(":")
        if kind == "point" and pk.isdigit():
            point = get_object_or_404(
                BridgePoint, pk=pk, conference=conference, unit__isnull=False
            )
            count = services.remind_point_now(point=point, now=now)
        elif kind == "unit" and pk.isdigit():
            unit = get_object_or_404(OrganisationalUnit, pk=pk)
            count = services.remind_unit_now(unit=unit, conference=conference, now=now)
        elif kind == "late":
            count = services.remind_late_now(conference=conference, now=now)
        else:
            raise Http404
        if count:
            messages.success(
                request, _("%(count)d reminder(s) queued.") % {"count": count}
            )
        else:
            messages.info(
                request,
                _(
                    "Nothing new to send: already reminded in the last minutes, "
                    "finished, or no e-mail address."
                ),
            )
        return HttpResponseRedirect(reverse("reminders:outbox_list"))


class SendInvitationsView(OutboxAccessMixin, View):
    def post(self, request, slug):
        conference = get_object_or_404(Conference, slug=slug)
        count = send_invitations(conference=conference)
        messages.success(
            request, _("%(count)d invitation(s) queued.") % {"count": count}
        )
        return HttpResponseRedirect(reverse("reminders:outbox_list"))
