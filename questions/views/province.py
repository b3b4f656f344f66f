"""A province's pages: its questions and the answers, the drafts to comment on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from .. import selectors
from ..enums import QuestionStatus
from ..forms import CommentForm, QuestionForm
from ..models import SectionComment
from ..permissions import can_read_point_files
from ..services import guidance, questions
from .common import PointMixin, add_errors, private_file


def _questions_url(point) -> str:
    return reverse("questions:point_questions", kwargs={"pk": point.pk})


class PointQuestionsView(PointMixin, TemplateView):
    """The province's questions with their answers, the answers shown to every
    province, and the drafts open for comments."""

    template_name = "questions/point_questions.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        conference = self.conference
        own = list(selectors.questions_of_point(point=self.point))
        for question in own:
            question.source = selectors.answer_source(question)
        return super().get_context_data(
            questions=own,
            public=selectors.public_answers(conference=conference),
            drafts=selectors.drafts_for_provinces(conference=conference),
            is_open=selectors.questions_open(conference=conference, now=now),
            close_at=selectors.questions_close_at(conference=conference),
            now=now,
            **kwargs,
        )


class QuestionCreateView(PointMixin, FormView):
    template_name = "questions/question_form.html"
    form_class = QuestionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference}

    def form_valid(self, form):
        try:
            question = questions.submit_question(
                point=self.point,
                data=form.cleaned_data,
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Question %(number)s was sent to Vụ CCHC.") % {"number": question.number},
        )
        return HttpResponseRedirect(_questions_url(self.point))


class PointQuestionView(PointMixin, FormView):
    """One of the province's questions: its answer (or the answer of the question
    it was merged into), and while it is new, a form to change it."""

    template_name = "questions/point_question.html"
    form_class = QuestionForm

    @cached_property
    def question(self):
        return get_object_or_404(
            selectors.questions_of_point(point=self.point),
            pk=self.kwargs["question_pk"],
        )

    @property
    def editable(self) -> bool:
        return self.question.status == QuestionStatus.NEW and selectors.questions_open(
            conference=self.conference, now=timezone.now()
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "conference": self.conference,
            "editing": True,
            "instance": self.question,
            "initial": {"version": self.question.version},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question,
            source=selectors.answer_source(self.question),
            editable=self.editable,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            questions.edit_question(
                question=self.question,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The question was changed."))
        return HttpResponseRedirect(self.request.path)


class DraftMixin(PointMixin):
    """A draft put to the provinces (open or closed; one being prepared: 404)."""

    @cached_property
    def draft(self):
        return get_object_or_404(
            selectors.drafts_for_provinces(conference=self.conference),
            pk=self.kwargs["draft_pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            draft=self.draft,
            is_open=self.draft.is_open_for_comments(now=timezone.now()),
            **kwargs,
        )


class PointDraftView(DraftMixin, TemplateView):
    """A draft's sections, each with the province's own comments on it."""

    template_name = "questions/point_draft.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=selectors.sections_with_comments_of(
                draft=self.draft, point=self.point
            ),
            **kwargs,
        )


class CommentCreateView(DraftMixin, FormView):
    template_name = "questions/comment_form.html"
    form_class = CommentForm

    @cached_property
    def section(self):
        return get_object_or_404(self.draft.sections, pk=self.kwargs["section_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def form_valid(self, form):
        try:
            guidance.add_comment(
                section=self.section,
                point=self.point,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("attachment"),
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error, field="attachment")
            return self.form_invalid(form)
        messages.success(self.request, _("Your comment was sent to Vụ CCHC."))
        return HttpResponseRedirect(
            reverse(
                "questions:point_draft",
                kwargs={"pk": self.point.pk, "draft_pk": self.draft.pk},
            )
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PointDraftFileView(DraftMixin, View):
    """The draft's file, for a province that may comment on it."""

    def get(self, request, pk, draft_pk):
        return private_file(self.draft.file, download_name=self.draft.file_name)


class CommentAttachmentView(PointMixin, View):
    """A comment's file: for the province that sent it and for Vụ CCHC."""

    def has_access(self, user, point) -> bool:
        return can_read_point_files(user, point)

    def get(self, request, pk, comment_pk):
        comment = get_object_or_404(
            SectionComment.objects.filter(point=self.point), pk=comment_pk
        )
        return private_file(comment.attachment, download_name=comment.attachment_name)
