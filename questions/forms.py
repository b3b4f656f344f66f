"""The forms of questions, triage, drafts and comments; every text through the
portal's one text rule (common.forms)."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm, CleanModelForm, VersionField
from conference.fields import VnDateTimeField

from .enums import Disposition, DraftStatus, QuestionKind, QuestionStatus, Topic
from .models import (
    ANSWER_MAX,
    COMMENT_MAX,
    QUESTION_MAX,
    RESPONSE_MAX,
    SECTION_TEXT_MAX,
    DraftSection,
    Question,
)
from .services.guidance import ATTACHMENT_TYPES, DRAFT_TRANSITIONS
from .services.questions import allowed_moves

FILE_HELP = _("Optional: a PDF or Word file (.pdf, .docx).")


def _capitalised(enum) -> list[tuple[str, str]]:
    """An enum's choices as a drop-down shows them: "Đang trả lời"."""
    return [(value, capfirst(label)) for value, label in enum.choices]


def _textarea(limit: int, rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": limit})


class QuestionForm(CleanModelForm):
    """A province's question or proposal; with a version when it is edited."""

    version = VersionField(required=False)

    class Meta:
        model = Question
        fields = ("kind", "topic", "slot", "text")
        widgets = {"text": _textarea(QUESTION_MAX, rows=6)}
        help_texts = {
            "slot": _("Optional: the part of the programme the question is about."),
        }

    def __init__(self, *args, conference, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _capitalised(QuestionKind)
        self.fields["topic"].choices = [*BLANK_CHOICE_DASH, *_capitalised(Topic)]
        self.fields["slot"].queryset = conference.agenda_slots.order_by("order")
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot.time_range} · {slot.content[:90]}"
        )
        self.fields["version"].required = editing
        if not editing:
            del self.fields["version"]


class TriageForm(CleanForm):
    """Vụ CCHC's decision on a question; the statuses offered are the current one
    and those it may move to (a merge has its own form)."""

    status = forms.ChoiceField(label=_("Status"))
    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=ANSWER_MAX,
        widget=_textarea(ANSWER_MAX, 8),
    )
    is_public = forms.BooleanField(
        label=_("Show the answer to every province"),
        required=False,
        help_text=Question._meta.get_field("is_public").help_text,
    )
    published_text = forms.CharField(
        label=_("Question as published"),
        required=False,
        max_length=QUESTION_MAX,
        widget=_textarea(QUESTION_MAX, 3),
        help_text=Question._meta.get_field("published_text").help_text,
    )
    version = VersionField()

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [
            question.status,
            *sorted(allowed_moves(question) - {QuestionStatus.MERGED}),
        ]
        self.fields["status"].choices = [
            (value, capfirst(QuestionStatus(value).label)) for value in offered
        ]


class MergeForm(CleanForm):
    into = forms.IntegerField(
        label=_("Merge into question number"),
        min_value=1,
        help_text=_(
            "The other question of the same content; this one's province will read "
            "its answer."
        ),
    )
    version = VersionField()


class TriageFilterForm(CleanForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *_capitalised(QuestionStatus)],
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", _("All topics")), *_capitalised(Topic)],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *provinces]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "topic": "", "unit_code": ""}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "topic": data["topic"],
            "unit_code": data["province"],
        }


class DraftForm(CleanForm):
    """A draft guidance: title, file, deadline; its consultation once it exists."""

    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), required=False, help_text=FILE_HELP)
    comment_deadline = VnDateTimeField(label=_("Comments due by"), required=False)
    status = forms.ChoiceField(label=_("Consultation"), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)
        if draft is None:
            del self.fields["status"]
            del self.fields["version"]
            return
        offered = [draft.status, *sorted(DRAFT_TRANSITIONS[draft.status])]
        self.fields["status"].choices = [
            (value, capfirst(DraftStatus(value).label)) for value in offered
        ]
        self.fields["status"].required = True
        self.fields["version"].required = True


class SectionForm(CleanModelForm):
    class Meta:
        model = DraftSection
        fields = ("order", "title", "text")
        widgets = {"text": _textarea(SECTION_TEXT_MAX, rows=6)}
        help_texts = {"order": _("Empty: after the last section.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = self.instance.pk is not None
        self.fields["order"].widget.attrs["min"] = 1


class CommentForm(CleanForm):
    text = forms.CharField(
        label=_("Comment text"), max_length=COMMENT_MAX, widget=_textarea(COMMENT_MAX)
    )
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=FILE_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)


class ResponseForm(CleanForm):
    disposition = forms.ChoiceField(
        label=_("Disposition"), choices=_capitalised(Disposition)
    )
    response = forms.CharField(
        label=_("Response"),
        required=False,
        max_length=RESPONSE_MAX,
        widget=_textarea(RESPONSE_MAX, 3),
    )
    version = VersionField()
