"""Vụ CCHC's pages for the draft guidance: drafts, their sections, the provinces'
comments and the response to each."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from .. import selectors
from ..forms import DraftForm, ResponseForm, SectionForm
from ..models import DraftGuidance, SectionComment
from ..services import guidance
from .common import OrganiserMixin, add_errors, private_file


class DraftListView(OrganiserMixin, FormView):
    """The conference's drafts, and the form that adds one."""

    template_name = "questions/draft_list.html"
    form_class = DraftForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            drafts=selectors.drafts_of(conference=self.conference), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            draft = guidance.create_draft(
                conference=self.conference,
                title=data["title"],
                upload=data.get("file"),
                comment_deadline=data.get("comment_deadline"),
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error, field="file")
            return self.form_invalid(form)
        messages.success(
            self.request, _("The draft was saved. Add its sections, then open it.")
        )
        return HttpResponseRedirect(draft_url(draft))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def draft_url(draft: DraftGuidance) -> str:
    return reverse(
        "questions:draft",
        kwargs={"slug": draft.conference.slug, "draft_pk": draft.pk},
    )


class DraftMixin(OrganiserMixin):
    @cached_property
    def draft(self) -> DraftGuidance:
        return get_object_or_404(
            DraftGuidance.objects.filter(conference=self.conference),
            pk=self.kwargs["draft_pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(draft=self.draft, **kwargs)


class DraftView(DraftMixin, FormView):
    """A draft: its consultation, its sections with every comment, a new section."""

    template_name = "questions/draft.html"
    form_class = DraftForm
    section_form = None

    def get_form_kwargs(self):
        draft = self.draft
        return {
            **super().get_form_kwargs(),
            "draft": draft,
            "initial": {
                "title": draft.title,
                "comment_deadline": draft.comment_deadline,
                "status": draft.status,
                "version": draft.version,
            },
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=selectors.sections_with_all_comments(draft=self.draft),
            section_form=self.section_form or SectionForm(),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            guidance.update_draft(
                draft=self.draft,
                title=data["title"],
                status=data["status"],
                comment_deadline=data.get("comment_deadline"),
                upload=data.get("file"),
                expected_version=data["version"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_errors(form, error, field="file")
            return self.form_invalid(form)
        messages.success(self.request, _("The draft was saved."))
        return HttpResponseRedirect(draft_url(self.draft))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SectionCreateView(DraftView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                guidance.add_section(
                    draft=self.draft,
                    title=data["title"],
                    text=data["text"],
                    order=data.get("order"),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
        if form.errors:
            self.section_form = form
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, _("The section was added."))
        return HttpResponseRedirect(draft_url(self.draft))


class SectionMixin(DraftMixin):
    @cached_property
    def section(self):
        return get_object_or_404(self.draft.sections, pk=self.kwargs["section_pk"])


class SectionEditView(SectionMixin, FormView):
    template_name = "questions/section_form.html"
    form_class = SectionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.section}

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            guidance.update_section(
                section=self.section,
                title=data["title"],
                text=data["text"],
                order=data["order"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The section was saved."))
        return HttpResponseRedirect(draft_url(self.draft))


class SectionDeleteView(SectionMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            guidance.delete_section(section=self.section)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The section was removed."))
        return HttpResponseRedirect(draft_url(self.draft))


class DraftFileView(DraftMixin, View):
    def get(self, request, *args, **kwargs):
        return private_file(self.draft.file, download_name=self.draft.file_name)


class CommentResponseView(OrganiserMixin, FormView):
    """Vụ CCHC's response to one comment: accepted, partly, or explained."""

    template_name = "questions/comment_response.html"
    form_class = ResponseForm

    @cached_property
    def comment(self) -> SectionComment:
        return get_object_or_404(
            SectionComment.objects.filter(conference=self.conference).select_related(
                "section__draft", "point__unit", "created_by"
            ),
            pk=self.kwargs["comment_pk"],
        )

    def get_initial(self):
        comment = self.comment
        return {
            "disposition": comment.disposition,
            "response": comment.response,
            "version": comment.version,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            guidance.respond_to_comment(
                comment=self.comment,
                disposition=data["disposition"],
                response=data["response"],
                expected_version=data["version"],
                by=self.request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The response was saved."))
        return HttpResponseRedirect(draft_url(self.comment.section.draft))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
