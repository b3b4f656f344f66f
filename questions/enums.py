from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    """What a province sends: a question, or a proposal (kiến nghị, đề xuất)."""

    QUESTION = "question", _("question")
    PROPOSAL = "proposal", _("proposal")


class Topic(models.TextChoices):
    """What a question is about: the plan's subjects, and anything else."""

    SCHEME = "scheme", _("the PAR Index scheme 2022–2030")
    SCORING = "scoring", _("the scoring guidance")
    PLAN_2022 = "plan_2022", _("the 2022 PAR Index plan")
    OTHER = "other", _("other")


class QuestionStatus(models.TextChoices):
    """Where Vụ CCHC's handling of a question stands (moves: `services.questions`)."""

    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("being answered")
    ANSWERED_IN_WRITING = "answered_in_writing", _("answered in writing")
    AT_CONFERENCE = "at_conference", _("to be answered at the conference")
    ANSWERED_AT_CONFERENCE = "answered_at_conference", _("answered at the conference")
    MERGED = "merged", _("merged with another question")


ANSWERED = (QuestionStatus.ANSWERED_IN_WRITING, QuestionStatus.ANSWERED_AT_CONFERENCE)
# On the moderator's queue: waiting their turn, or answered live.
QUEUED = (QuestionStatus.AT_CONFERENCE, QuestionStatus.ANSWERED_AT_CONFERENCE)


class DraftStatus(models.TextChoices):
    """A draft's consultation: prepared by Vụ CCHC, open to comments, closed."""

    PREPARING = "preparing", _("being prepared")
    OPEN = "open", _("open for comments")
    CLOSED = "closed", _("comments closed")


class Disposition(models.TextChoices):
    """What the drafting unit did with a comment (tiếp thu, giải trình)."""

    PENDING = "pending", _("not yet considered")
    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
    EXPLAINED = "explained", _("not accepted, explained")


class ExportStatus(models.TextChoices):
    """A background export of the conference record."""

    PENDING = "pending", _("waiting")
    RUNNING = "running", _("rendering")
    DONE = "done", _("done")
    FAILED = "failed", pgettext_lazy("record export", "failed")
