"""Every write on a question: submit, edit, triage, merge and the moderator's queue.

Status moves go through `move`, which refuses any move `TRANSITIONS` does not list;
each write locks the question's row and, where the form carried one, checks the
version it was rendered with.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agenda.models import AgendaSlot
from common.records import sign_change
from conference.models import BridgePoint, Conference

from .. import notifications, selectors
from ..enums import ANSWERED, QUEUED, QuestionStatus
from ..exceptions import Closed, IllegalMove, StaleEdit
from ..models import Question

S = QuestionStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.ANSWERED_IN_WRITING, S.AT_CONFERENCE, S.MERGED}),
    S.IN_PROGRESS: frozenset({S.ANSWERED_IN_WRITING, S.AT_CONFERENCE, S.MERGED}),
    S.AT_CONFERENCE: frozenset(
        {S.IN_PROGRESS, S.ANSWERED_IN_WRITING, S.ANSWERED_AT_CONFERENCE, S.MERGED}
    ),
    # The moderator's "answered" undone: back in the queue, in its place.
    S.ANSWERED_AT_CONFERENCE: frozenset({S.AT_CONFERENCE}),
    S.ANSWERED_IN_WRITING: frozenset(),
    # A merge undone: the question is handled on its own again.
    S.MERGED: frozenset({S.IN_PROGRESS}),
}
QUESTION_FIELDS = ("kind", "topic", "slot", "text")


def allowed_moves(question: Question) -> frozenset[str]:
    """The statuses the question may move to from where it stands."""
    return TRANSITIONS[question.status]


def ensure_move(question: Question, to: str) -> None:
    """Refuse a move the rules do not allow."""
    if to not in TRANSITIONS[question.status]:
        raise IllegalMove(
            _("A question that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(question.status).label, "to": S(to).label},
            code="illegal_move",
        )


def _check_version(question: Question, expected: int | None) -> None:
    if expected is None or expected != question.version:
        raise StaleEdit(
            _(
                "Someone else changed this question while you were editing. Your "
                "changes were not saved: reload the page and make them again."
            ),
            code="stale",
        )


def _lock(question: Question) -> Question:
    """Lock the conference's row, then the question's: every write takes them in
    that order, so two writes never wait on each other in a circle. The
    conference's lock also serialises what is numbered in it (new questions,
    places in the queue)."""
    Conference.objects.select_for_update().filter(pk=question.conference_id).get()
    return Question.objects.select_for_update().get(pk=question.pk)


def _lock_conference(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _next_queue_position(conference: Conference) -> int:
    last = Question.objects.filter(
        conference=conference, queue_position__isnull=False
    ).aggregate(last=Max("queue_position"))["last"]
    return (last or 0) + 1


def _save(question: Question, *, by) -> Question:
    question.version += 1
    sign_change(question, by=by)
    question.full_clean()
    question.save()
    return question


def move(question: Question, to: str, *, by, now: datetime) -> None:
    """Move a locked question to `to`, with what the move implies; refuse an
    illegal one. The caller saves."""
    ensure_move(question, to)
    before = question.status
    question.status = to
    if to in QUEUED and question.queue_position is None:
        question.queue_position = _next_queue_position(question.conference)
    if to not in QUEUED:
        question.queue_position = None
    if to in ANSWERED:
        question.answered_at, question.answered_by = now, by
    elif before in ANSWERED:
        question.answered_at, question.answered_by = None, None
    if to not in ANSWERED:
        question.is_public = False
    if before == S.MERGED:
        question.merged_into = None


def _slot_of(conference: Conference, slot: AgendaSlot | None) -> AgendaSlot | None:
    if slot is not None and slot.conference_id != conference.pk:
        raise ValidationError(
            {"slot": _("Choose a slot of this conference's programme.")}
        )
    return slot


@transaction.atomic
def submit_question(
    *, point: BridgePoint, data: dict[str, Any], by, now: datetime
) -> Question:
    """Record a province's question or proposal, numbered in its conference."""
    conference = _lock_conference(point.conference)
    if not selectors.questions_open(conference=conference, now=now):
        raise Closed(
            _("The conference is over: questions are no longer taken."),
            code="closed",
        )
    last = Question.objects.filter(conference=conference).aggregate(last=Max("number"))[
        "last"
    ]
    question = Question(
        conference=conference,
        point=point,
        number=(last or 0) + 1,
        asked_by=by,
        asked_at=now,
        **{name: data[name] for name in QUESTION_FIELDS if name in data},
    )
    question.slot = _slot_of(conference, question.slot)
    sign_change(question, by=by)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def edit_question(
    *,
    question: Question,
    data: dict[str, Any],
    expected_version: int | None,
    by,
    now: datetime,
) -> Question:
    """Change a question its province sent, while Vụ CCHC has not taken it up."""
    question = _lock(question)
    _check_version(question, expected_version)
    if question.status != S.NEW:
        raise Closed(
            _("Vụ CCHC has taken this question up: it can no longer be changed."),
            code="taken_up",
        )
    if not selectors.questions_open(conference=question.conference, now=now):
        raise Closed(
            _("The conference is over: questions are no longer taken."),
            code="closed",
        )
    for name in QUESTION_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    question.slot = _slot_of(question.conference, question.slot)
    return _save(question, by=by)


@transaction.atomic
def triage_question(
    *,
    question: Question,
    status: str,
    answer: str,
    is_public: bool,
    published_text: str,
    expected_version: int | None,
    by,
    now: datetime,
    notify: bool = True,
) -> Question:
    """Vụ CCHC's decision on a question: its status, answer and whether every
    province sees the answer. The province is e-mailed once it is answered
    (`notify=False`: demo data, which must e-mail nobody)."""
    question = _lock(question)
    _check_version(question, expected_version)
    if status == S.MERGED and question.status != S.MERGED:
        raise IllegalMove(
            _("Merge a question with the merge form, which says into which."),
            code="merge_form",
        )
    was_answered = question.is_answered
    if status != question.status:
        move(question, status, by=by, now=now)
    question.answer = answer
    question.published_text = published_text
    question.is_public = is_public
    if is_public and not (question.is_answered and answer):
        raise IllegalMove(
            _("Only a question answered in writing can be shown to every province."),
            code="public_unanswered",
        )
    if question.status == S.ANSWERED_IN_WRITING and not answer:
        raise IllegalMove(
            _("Write the answer before marking the question answered in writing."),
            code="no_answer",
        )
    _save(question, by=by)
    if notify and question.is_answered and not was_answered:
        notifications.question_answered(question=question)
    return question


@transaction.atomic
def merge_question(
    *,
    question: Question,
    into: Question,
    expected_version: int | None,
    by,
    now: datetime,
) -> Question:
    """Merge a duplicate into another question of the conference: its province
    then reads that question's answer. Questions merged into it follow it."""
    question = _lock(question)
    into = Question.objects.select_for_update().get(pk=into.pk)
    _check_version(question, expected_version)
    if into.pk == question.pk:
        raise IllegalMove(_("A question cannot be merged into itself."), code="self")
    if into.conference_id != question.conference_id:
        raise IllegalMove(
            _("Merge only with a question of the same conference."), code="conference"
        )
    if into.status == S.MERGED:
        raise IllegalMove(
            _("Question %(number)s is itself merged into another: merge into that one.")
            % {"number": into.number},
            code="chain",
        )
    move(question, S.MERGED, by=by, now=now)
    question.merged_into = into
    _save(question, by=by)
    followers = list(Question.objects.select_for_update().filter(merged_into=question))
    for follower in followers:
        follower.merged_into = into
        _save(follower, by=by)
    if into.is_answered:
        notifications.question_answered(question=into)
    return question


# ---------------------------------------------------------------- the queue


@transaction.atomic
def move_in_queue(*, question: Question, up: bool, by) -> Question:
    """Swap a waiting question with its neighbour above (`up`) or below."""
    question = _lock(question)
    if question.status != S.AT_CONFERENCE:
        raise IllegalMove(
            _("Only a question waiting its turn can be moved."), code="not_waiting"
        )
    waiting = Question.objects.select_for_update().filter(
        conference=question.conference_id, status=S.AT_CONFERENCE
    )
    if up:
        neighbour = (
            waiting.filter(queue_position__lt=question.queue_position)
            .order_by("-queue_position")
            .first()
        )
    else:
        neighbour = (
            waiting.filter(queue_position__gt=question.queue_position)
            .order_by("queue_position")
            .first()
        )
    if neighbour is None:
        return question
    mine, theirs = question.queue_position, neighbour.queue_position
    # The places are not unique, so a plain swap needs no third value.
    question.queue_position, neighbour.queue_position = theirs, mine
    _save(question, by=by)
    _save(neighbour, by=by)
    return question


@transaction.atomic
def mark_answered_live(*, question: Question, by, now: datetime) -> Question:
    """The moderator's "answered": the question was answered at the conference."""
    question = _lock(question)
    move(question, S.ANSWERED_AT_CONFERENCE, by=by, now=now)
    _save(question, by=by)
    notifications.question_answered(question=question)
    return question


@transaction.atomic
def unmark_answered_live(*, question: Question, by, now: datetime) -> Question:
    """Undo the moderator's "answered": the question waits its turn again."""
    question = _lock(question)
    move(question, S.AT_CONFERENCE, by=by, now=now)
    return _save(question, by=by)
