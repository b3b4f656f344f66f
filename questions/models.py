"""Questions and proposals of the provinces, the draft guidance and its comments."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import (
    ANSWERED,
    QUEUED,
    Disposition,
    DraftStatus,
    ExportStatus,
    QuestionKind,
    QuestionStatus,
    Topic,
)

QUESTION_MAX = 4000
ANSWER_MAX = 8000
COMMENT_MAX = 4000
RESPONSE_MAX = 4000
SECTION_TEXT_MAX = 20000


def _bounded(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own limit on a text's length, whatever wrote it."""
    return models.CheckConstraint(
        name=name, condition=LessThanOrEqual(Length(field), limit)
    )


def private_upload_to(instance, filename: str) -> str:
    """A name nobody can guess: files are only ever served through a view."""
    suffix = PurePath(filename).suffix.lower()
    return f"questions/{instance.conference_id}/{uuid.uuid4().hex}{suffix}"


class Question(models.Model):
    """A question or proposal a province sends before or during the conference."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    # Per conference, from 1: what the moderator and the record call it.
    number = models.PositiveIntegerField(_("number"))
    point = models.ForeignKey(
        "conference.BridgePoint",
        verbose_name=_("bridge point"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.QUESTION,
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    slot = models.ForeignKey(
        "agenda.AgendaSlot",
        verbose_name=_("agenda slot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    text = models.TextField(
        _("question or proposal"),
        max_length=QUESTION_MAX,
        validators=[MaxLengthValidator(QUESTION_MAX)],
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("sent at"))
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=QuestionStatus.choices,
        default=QuestionStatus.NEW,
    )
    answer = models.TextField(
        _("answer"),
        max_length=ANSWER_MAX,
        blank=True,
        validators=[MaxLengthValidator(ANSWER_MAX)],
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("answer shown to every province"),
        default=False,
        help_text=_(
            "Every province sees the question and the answer, without the name of "
            "the province that asked."
        ),
    )
    published_text = models.TextField(
        _("question as published"),
        max_length=QUESTION_MAX,
        blank=True,
        validators=[MaxLengthValidator(QUESTION_MAX)],
        help_text=_(
            "Optional: the question reworded for every province (without what "
            "would name the province). Empty: the question as sent."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    queue_position = models.PositiveIntegerField(
        _("place in the moderator's queue"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("question or proposal")
        verbose_name_plural = _("questions and proposals")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="question_number_unique"
            ),
            _bounded("text", QUESTION_MAX, "question_text_bounded"),
            _bounded("answer", ANSWER_MAX, "question_answer_bounded"),
            _bounded("published_text", QUESTION_MAX, "question_published_bounded"),
            models.CheckConstraint(
                name="merged_iff_merged_into",
                condition=(
                    Q(status=QuestionStatus.MERGED, merged_into__isnull=False)
                    | (~Q(status=QuestionStatus.MERGED) & Q(merged_into__isnull=True))
                ),
            ),
            models.CheckConstraint(
                name="question_not_merged_into_itself",
                condition=~Q(merged_into=models.F("id")),
            ),
            models.CheckConstraint(
                name="written_answer_has_text",
                condition=~Q(status=QuestionStatus.ANSWERED_IN_WRITING) | ~Q(answer=""),
            ),
            models.CheckConstraint(
                name="public_only_when_answered",
                condition=Q(is_public=False) | (Q(status__in=ANSWERED) & ~Q(answer="")),
            ),
            models.CheckConstraint(
                name="queue_position_only_when_queued",
                condition=Q(queue_position__isnull=True) | Q(status__in=QUEUED),
            ),
        ]
        indexes = [models.Index(fields=["conference", "status", "queue_position"])]

    def __str__(self):
        return str(_("Question %(number)s") % {"number": self.number})

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED

    @property
    def shown_text(self) -> str:
        """The question as every province reads it under a public answer."""
        return self.published_text or self.text


class DraftGuidance(models.Model):
    """A draft Vụ CCHC asks the provinces to comment on, cut into sections."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=private_upload_to, blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(
        _("consultation"),
        max_length=20,
        choices=DraftStatus.choices,
        default=DraftStatus.PREPARING,
    )
    comment_deadline = models.DateTimeField(_("comments due by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("draft guidance")
        verbose_name_plural = _("draft guidance")
        ordering = ["conference", "-created_at"]

    def __str__(self):
        return self.title

    def is_open_for_comments(self, *, now) -> bool:
        if self.status != DraftStatus.OPEN:
            return False
        return self.comment_deadline is None or now <= self.comment_deadline


class DraftSection(models.Model):
    """One part of a draft the provinces comment on: ordered, titled, its text."""

    draft = models.ForeignKey(
        DraftGuidance,
        verbose_name=_("draft guidance"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"),
        max_length=SECTION_TEXT_MAX,
        blank=True,
        validators=[MaxLengthValidator(SECTION_TEXT_MAX)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section of a draft")
        verbose_name_plural = _("sections of a draft")
        ordering = ["draft", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "order"], name="draft_section_order_unique"
            ),
            _bounded("text", SECTION_TEXT_MAX, "draft_section_text_bounded"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class SectionComment(models.Model):
    """A province's comment on one section of a draft, with an optional file."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="draft_comments",
    )
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    point = models.ForeignKey(
        "conference.BridgePoint",
        verbose_name=_("bridge point"),
        on_delete=models.PROTECT,
        related_name="draft_comments",
    )
    text = models.TextField(
        _("comment"),
        max_length=COMMENT_MAX,
        validators=[MaxLengthValidator(COMMENT_MAX)],
    )
    attachment = models.FileField(
        _("attachment"), upload_to=private_upload_to, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    disposition = models.CharField(
        _("disposition"),
        max_length=20,
        choices=Disposition.choices,
        default=Disposition.PENDING,
    )
    response = models.TextField(
        _("response of Vụ CCHC"),
        max_length=RESPONSE_MAX,
        blank=True,
        validators=[MaxLengthValidator(RESPONSE_MAX)],
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["section", "created_at", "pk"]
        constraints = [
            _bounded("text", COMMENT_MAX, "draft_comment_text_bounded"),
            _bounded("response", RESPONSE_MAX, "draft_comment_response_bounded"),
            models.CheckConstraint(
                name="explained_comment_has_a_response",
                condition=~Q(disposition=Disposition.EXPLAINED) | ~Q(response=""),
            ),
        ]

    def __str__(self):
        return str(_("Comment on %(section)s") % {"section": self.section})


class RecordExport(models.Model):
    """The conference record as PDF, rendered by a worker; its progress and file."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="record_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExportStatus.choices,
        default=ExportStatus.PENDING,
    )
    file = models.FileField(_("file"), upload_to=private_upload_to, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conference record export")
        verbose_name_plural = _("conference record exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.conference} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.PENDING, ExportStatus.RUNNING)
