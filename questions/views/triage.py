"""Vụ CCHC's pages for questions: the list, one question's triage, merges."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import selectors
from ..enums import QuestionStatus
from ..forms import MergeForm, TriageFilterForm, TriageForm
from ..models import Question
from ..services import questions
from .common import OrganiserMixin, add_errors

PAGE_SIZE = 100


class TriageListView(OrganiserMixin, TemplateView):
    """Every question of the conference, filtered by status, topic, province."""

    template_name = "questions/triage_list.html"

    def get_context_data(self, **kwargs):
        conference = self.conference
        form = TriageFilterForm(
            self.request.GET,
            provinces=selectors.provinces_that_asked(conference=conference),
        )
        found = selectors.questions_for_triage(
            conference=conference, filters=selectors.TriageFilters(**form.filters())
        )
        page = Paginator(found, PAGE_SIZE).get_page(self.request.GET.get("page"))
        counts = selectors.status_counts(conference=conference)
        return super().get_context_data(
            form=form,
            page=page,
            questions=page.object_list,
            counts=[(s, counts[s.value]) for s in QuestionStatus],
            total=sum(counts.values()),
            open_items=selectors.open_items(conference=conference),
            session=selectors.question_session(conference=conference),
            **kwargs,
        )


class QuestionMixin(OrganiserMixin):
    @cached_property
    def question(self) -> Question:
        return get_object_or_404(
            Question.objects.filter(conference=self.conference).select_related(
                "point__unit", "slot", "merged_into", "asked_by", "answered_by"
            ),
            pk=self.kwargs["question_pk"],
        )

    def page_url(self) -> str:
        return reverse(
            "questions:triage",
            kwargs={"slug": self.conference.slug, "question_pk": self.question.pk},
        )


class TriageView(QuestionMixin, TemplateView):
    """One question: what was asked, its history, the answer, the merge."""

    template_name = "questions/triage.html"
    triage_form = None
    merge_form = None

    def get_context_data(self, **kwargs):
        question = self.question
        initial = {
            "status": question.status,
            "answer": question.answer,
            "is_public": question.is_public,
            "published_text": question.published_text,
            "version": question.version,
        }
        return super().get_context_data(
            question=question,
            followers=selectors.merged_into_question(question=question),
            history=selectors.question_history(question=question),
            triage_form=self.triage_form
            or TriageForm(initial=initial, question=question),
            merge_form=self.merge_form
            or MergeForm(initial={"version": question.version}),
            can_merge=QuestionStatus.MERGED in questions.allowed_moves(question),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = TriageForm(request.POST, question=self.question)
        if form.is_valid():
            data = form.cleaned_data
            try:
                questions.triage_question(
                    question=self.question,
                    status=data["status"],
                    answer=data["answer"],
                    is_public=data["is_public"],
                    published_text=data["published_text"],
                    expected_version=data["version"],
                    by=request.user,
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_errors(form, error)
        if form.errors:
            self.triage_form = form
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            _("Question %(number)s was saved.") % {"number": self.question.number},
        )
        return HttpResponseRedirect(self.page_url())


class MergeView(TriageView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = MergeForm(request.POST)
        if form.is_valid():
            into = selectors.question_numbered(
                conference=self.conference, number=form.cleaned_data["into"]
            )
            if into is None:
                form.add_error(
                    "into", _("This conference has no question with that number.")
                )
            else:
                try:
                    questions.merge_question(
                        question=self.question,
                        into=into,
                        expected_version=form.cleaned_data["version"],
                        by=request.user,
                        now=timezone.now(),
                    )
                except ValidationError as error:
                    add_errors(form, error, field="into")
        if form.errors:
            self.merge_form = form
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            _("Question %(number)s was merged into question %(into)s.")
            % {"number": self.question.number, "into": form.cleaned_data["into"]},
        )
        return HttpResponseRedirect(self.page_url())
