"""The moderator's queue for the questions session: the order, "answered", and a
panel that refreshes itself (htmx), on a laptop or a wall screen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .. import selectors
from ..models import Question
from ..services import questions
from .common import OrganiserMixin

PANEL = "questions/_queue_panel.html"


class QueueView(OrganiserMixin, TemplateView):
    template_name = "questions/queue.html"

    def get_template_names(self):
        if self.request.htmx:
            return [PANEL]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = panel_context(self.request, self.conference)
        del context["conference"]  # OrganiserMixin's
        return super().get_context_data(**context, **kwargs)


def panel_context(request, conference) -> dict:
    wall = request.GET.get("wall") == "1" or request.POST.get("wall") == "1"
    return {
        "conference": conference,
        "queue": selectors.queue_of(conference=conference),
        "now": timezone.now(),
        "wall": wall,
    }


class QueueActionView(OrganiserMixin, View):
    """One of the moderator's buttons; answers the panel to an htmx request, a
    redirect to the queue otherwise."""

    def act(self, question: Question) -> None:
        raise NotImplementedError

    def post(self, request, slug, question_pk):
        question = get_object_or_404(
            Question.objects.filter(conference=self.conference), pk=question_pk
        )
        try:
            self.act(question)
        except ValidationError as error:
            if not request.htmx:
                messages.error(request, " ".join(error.messages))
        if request.htmx:
            return render(request, PANEL, panel_context(request, self.conference))
        return HttpResponseRedirect(
            reverse("questions:queue", kwargs={"slug": self.conference.slug})
        )


class QueueMoveView(QueueActionView):
    def act(self, question):
        questions.move_in_queue(
            question=question,
            up=self.request.POST.get("direction") == "up",
            by=self.request.user,
        )


class QueueAnsweredView(QueueActionView):
    def act(self, question):
        if self.request.POST.get("undo") == "1":
            questions.unmark_answered_live(
                question=question, by=self.request.user, now=timezone.now()
            )
        else:
            questions.mark_answered_live(
                question=question, by=self.request.user, now=timezone.now()
            )
