"""The record's rows as people read them: one dict of display texts per question
and per comment, shared by the spreadsheet and the PDF."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from conference.models import Conference

from .. import selectors
from ..enums import Disposition, QuestionKind, QuestionStatus, Topic


def local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _province(point) -> str:
    return point.unit.full_name if point.unit_id else point.name


@dataclass(frozen=True)
class Record:
    conference: Conference
    questions: list[dict]
    comments: list[dict]
    made_at: str


def question_rows(*, conference: Conference) -> list[dict]:
    rows = []
    for q in selectors.record_questions(conference=conference):
        rows.append(
            {
                "number": str(q.number),
                "province": _province(q.point),
                "kind": capfirst(QuestionKind(q.kind).label),
                "topic": capfirst(Topic(q.topic).label),
                "slot": q.slot.time_range if q.slot_id else "",
                "text": q.text,
                "asked_at": local(q.asked_at),
                "asked_by": _person(q.asked_by),
                "status": capfirst(QuestionStatus(q.status).label),
                "merged_into": str(q.merged_into.number) if q.merged_into_id else "",
                "answer": q.answer,
                "public": _("yes") if q.is_public else "",
                "answered_at": local(q.answered_at),
                "answered_by": _person(q.answered_by),
            }
        )
    return rows


def comment_rows(*, conference: Conference) -> list[dict]:
    rows = []
    for c in selectors.record_comments(conference=conference):
        rows.append(
            {
                "draft": c.section.draft.title,
                "section": str(c.section),
                "province": _province(c.point),
                "text": c.text,
                "attachment": c.attachment_name,
                "sent_at": local(c.created_at),
                "sent_by": _person(c.created_by),
                "disposition": capfirst(Disposition(c.disposition).label),
                "response": c.response,
                "responded_at": local(c.responded_at),
            }
        )
    return rows


def record_of(*, conference: Conference, now: datetime) -> Record:
    """Every question and comment of the conference, ready to print."""
    return Record(
        conference=conference,
        questions=question_rows(conference=conference),
        comments=comment_rows(conference=conference),
        made_at=local(now),
    )
