"""Every read the questions app's views, exports and tasks need."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaSlot
from common.history import HistoryEntry, entries_of, newest_first
from common.text import fold_accents
from conference.models import BridgePoint, Conference

from .enums import ANSWERED, DraftStatus, QuestionStatus
from .models import DraftGuidance, DraftSection, Question, SectionComment

# What the slot of the questions session says (plan 5774's slot 6: "Hỏi đáp những
# vấn đề đại biểu các tỉnh, thành phố quan tâm trao đổi, thảo luận"), folded.
SESSION_WORDS = ("hoi dap", "cau hoi", "thao luan", "kien nghi", "trao doi")


def questions_close_at(*, conference: Conference) -> datetime:
    """Questions are taken until the programme's last slot ends (without a
    programme, until the end of the conference's day)."""
    last = conference.agenda_slots.aggregate(last=Max("ends_at"))["last"]
    if last is not None:
        return last
    day_after = conference.day + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def questions_open(*, conference: Conference, now: datetime) -> bool:
    return now < questions_close_at(conference=conference)


def question_session(*, conference: Conference) -> AgendaSlot | None:
    """The programme's questions session, found by what its slot says."""
    for slot in conference.agenda_slots.order_by("order"):
        folded = fold_accents(slot.content)
        if any(word in folded for word in SESSION_WORDS):
            return slot
    return None


# ---------------------------------------------------------------- a province


def questions_of_point(*, point: BridgePoint) -> QuerySet[Question]:
    """A province's own questions, newest first, with what their page shows."""
    return (
        Question.objects.filter(point=point)
        .select_related("slot", "merged_into")
        .order_by("-number")
    )


def public_answers(*, conference: Conference) -> QuerySet[Question]:
    """The answers Vụ CCHC shows to every province."""
    return (
        Question.objects.filter(
            conference=conference, is_public=True, status__in=ANSWERED
        )
        .exclude(answer="")
        .order_by("topic", "number")
    )


def answer_source(question: Question) -> Question:
    """The question whose answer this one's province reads: itself, or the one it
    was merged into."""
    return question.merged_into or question


def drafts_for_provinces(*, conference: Conference) -> QuerySet[DraftGuidance]:
    """The drafts a province sees: open for comments, or closed (read-only)."""
    return DraftGuidance.objects.filter(
        conference=conference, status__in=(DraftStatus.OPEN, DraftStatus.CLOSED)
    ).order_by("-created_at")


def sections_with_comments_of(
    *, draft: DraftGuidance, point: BridgePoint
) -> QuerySet[DraftSection]:
    """The draft's sections, each with the point's own comments."""
    return draft.sections.order_by("order").prefetch_related(
        Prefetch(
            "comments",
            queryset=SectionComment.objects.filter(point=point).order_by(
                "created_at", "pk"
            ),
            to_attr="own_comments",
        )
    )


# ---------------------------------------------------------------- Vụ CCHC


@dataclass(frozen=True)
class TriageFilters:
    status: str = ""
    topic: str = ""
    unit_code: str = ""


def questions_for_triage(
    *, conference: Conference, filters: TriageFilters
) -> QuerySet[Question]:
    questions = Question.objects.filter(conference=conference).select_related(
        "point__unit", "slot", "merged_into"
    )
    if filters.status:
        questions = questions.filter(status=filters.status)
    if filters.topic:
        questions = questions.filter(topic=filters.topic)
    if filters.unit_code:
        questions = questions.filter(point__unit__code=filters.unit_code)
    return questions.order_by("number")


def status_counts(*, conference: Conference) -> dict[str, int]:
    """How many questions stand in each status, in one query."""
    rows = (
        Question.objects.filter(conference=conference)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {status.value: 0 for status in QuestionStatus}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def provinces_that_asked(*, conference: Conference) -> list[tuple[str, str]]:
    """(code, name) of every province with a question, for the filter."""
    points = (
        BridgePoint.objects.filter(conference=conference, questions__isnull=False)
        .select_related("unit")
        .distinct()
        .order_by("unit__code")
    )
    return [(p.unit.code, p.unit.full_name) for p in points if p.unit is not None]


def question_numbered(*, conference: Conference, number: int) -> Question | None:
    """The conference's question with this number (what Vụ CCHC types), if any."""
    return Question.objects.filter(conference=conference, number=number).first()


def merged_into_question(*, question: Question) -> QuerySet[Question]:
    """The questions merged into this one, with their provinces."""
    return question.merged.select_related("point__unit").order_by("number")


@dataclass(frozen=True)
class Queue:
    session: AgendaSlot | None
    waiting: Sequence[Question]
    answered: Sequence[Question]


def queue_of(*, conference: Conference) -> Queue:
    """The moderator's queue: the questions waiting their turn in the order set,
    then those answered live, latest first."""
    queued = list(
        Question.objects.filter(
            conference=conference,
            status__in=(
                QuestionStatus.AT_CONFERENCE,
                QuestionStatus.ANSWERED_AT_CONFERENCE,
            ),
        )
        .select_related("point__unit")
        .annotate(merged_count=Count("merged"))
        .order_by("queue_position", "number")
    )
    waiting = [q for q in queued if q.status == QuestionStatus.AT_CONFERENCE]
    answered = sorted(
        (q for q in queued if q.status == QuestionStatus.ANSWERED_AT_CONFERENCE),
        # An answered question has its time (services.questions sets both).
        key=lambda q: q.answered_at or q.asked_at,
        reverse=True,
    )
    return Queue(
        session=question_session(conference=conference),
        waiting=waiting,
        answered=answered,
    )


def drafts_of(*, conference: Conference) -> QuerySet[DraftGuidance]:
    return DraftGuidance.objects.filter(conference=conference).annotate(
        section_count=Count("sections", distinct=True),
        comment_count=Count("sections__comments", distinct=True),
    )


def sections_with_all_comments(*, draft: DraftGuidance) -> QuerySet[DraftSection]:
    return draft.sections.order_by("order").prefetch_related(
        Prefetch(
            "comments",
            queryset=SectionComment.objects.select_related("point__unit").order_by(
                "created_at", "pk"
            ),
        )
    )


def open_items(*, conference: Conference) -> int:
    """Questions not yet answered or merged, and comments not yet considered: what
    is left before the record is complete."""
    questions = Question.objects.filter(conference=conference).filter(
        Q(status__in=(QuestionStatus.NEW, QuestionStatus.IN_PROGRESS))
        | Q(status=QuestionStatus.AT_CONFERENCE)
    )
    comments = SectionComment.objects.filter(
        conference=conference, disposition="pending"
    )
    return questions.count() + comments.count()


# ---------------------------------------------------------------- the record


def record_questions(*, conference: Conference) -> QuerySet[Question]:
    """Every question of the conference with what the record prints of it."""
    return (
        Question.objects.filter(conference=conference)
        .select_related("point__unit", "slot", "merged_into", "asked_by", "answered_by")
        .order_by("number")
    )


def record_comments(*, conference: Conference) -> QuerySet[SectionComment]:
    """Every comment on every draft, in the drafts' and sections' order."""
    return (
        SectionComment.objects.filter(conference=conference)
        .select_related("section__draft", "point__unit", "created_by", "responded_by")
        .order_by("section__draft__created_at", "section__order", "created_at", "pk")
    )


def question_history(*, question: Question, limit: int = 30) -> list[HistoryEntry]:
    """The question's recorded changes, latest first: when, who (by name and unit)
    and the status it was left in, through the portal's one history renderer."""
    records = question.history.select_related("history_user__province").order_by(
        "-history_date", "-history_id"
    )[:limit]
    entries = entries_of(
        records,
        subject_of=lambda r: str(_("question")),
        summary_of=lambda r: str(capfirst(r.get_status_display())),
        diff=False,
    )
    return newest_first(entries, limit=limit)
