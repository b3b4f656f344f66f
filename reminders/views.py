"""The mass sends of reminders, offered on the outbox page (its panel, below):
"remind now" and the invitations, each confirmed first, then followed on the
outbox's progress page."""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from conference.models import BridgePoint, Conference
from outbox.views import OutboxAccessMixin, after_send
from tasks.models import OrganisationalUnit

from .invitations import invitations_audience, send_invitations
from .services import remind_now


class ConfirmSendMixin(OutboxAccessMixin):
    """A send to many: GET names how many it would reach; only a POST of that
    page's confirmation sends, then the send's progress is shown."""

    template_name = "outbox/send_confirm.html"

    @cached_property
    def conference(self):
        return get_object_or_404(Conference, slug=self.kwargs["slug"])

    def post(self, request, slug):
        if request.POST.get("confirmed") != "1":
            return self.get(request, slug)
        batch = uuid.uuid4()
        return after_send(
            request, count=self.send(batch=batch), batch=batch, done=self.done
        )

    def confirmation(self, *, audience, **kwargs):
        return {
            "conference": self.conference,
            "back_url": reverse("outbox:list"),
            "action": self.request.path,
            "audience": audience,
            "sendable": bool(audience.addresses),
            **kwargs,
        }


class RemindNowView(ConfirmSendMixin, TemplateView):
    """ "Nhắc ngay": one province, one unit, or every province not submitted."""

    done = gettext_lazy("%(count)d reminder(s) queued.")

    @cached_property
    def target_value(self) -> str:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return data.get("target", "")

    @cached_property
    def target(self) -> remind_now.Target:
        kind, _sep, pk = self.target_value.partition(":")
        conference = self.conference
        if kind == "point" and pk.isdigit():
            point = get_object_or_404(
                BridgePoint.objects.select_related("conference", "unit"),
                pk=pk,
                conference=conference,
                unit__isnull=False,
            )
            return remind_now.Target(conference=conference, point=point)
        if kind == "unit" and pk.isdigit():
            unit = get_object_or_404(OrganisationalUnit, pk=pk)
            return remind_now.Target(conference=conference, unit=unit)
        if kind == "late":
            return remind_now.Target(conference=conference)
        raise Http404

    def get_context_data(self, **kwargs):
        target = self.target
        if target.point is not None:
            lead = _("A reminder to send the delegate list goes now to %(name)s.") % {
                "name": target.point.name
            }
        elif target.unit is not None:
            lead = _("A reminder of its unfinished tasks goes now to %(name)s.") % {
                "name": target.unit.short_name
            }
        else:
            lead = _(
                "A reminder to send the delegate list goes now to every province "
                "that has not submitted it."
            )
        return super().get_context_data(
            **self.confirmation(
                title=_("Remind now"),
                lead=lead,
                audience=remind_now.audience(target, now=timezone.now()),
                hidden={"target": self.target_value},
                confirm_label=_("Send the reminders"),
            ),
            **kwargs,
        )

    def send(self, *, batch: uuid.UUID) -> int:
        return remind_now.remind(self.target, now=timezone.now(), batch=batch)


class SendInvitationsView(ConfirmSendMixin, TemplateView):
    """Each province's invitation (PDF and .ics), to every address it has."""

    done = gettext_lazy("%(count)d invitation(s) queued.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.confirmation(
                title=_("Send the invitations"),
                lead=_(
                    "Each province gets its invitation (PDF) and the conference as an "
                    ".ics event; a province already invited is not invited again."
                ),
                audience=invitations_audience(conference=self.conference),
                hidden={},
                confirm_label=_("Send the invitations"),
            ),
            **kwargs,
        )

    def send(self, *, batch: uuid.UUID) -> int:
        return send_invitations(conference=self.conference, batch=batch)
