"""E-mails of the questions app, queued in the outbox (outbox.services).

A province is told once that its question was answered: the key is the question's,
so an answer corrected, a live "answered" undone and done again, or a merge into an
answered question never sends a second message.
"""

from django.urls import reverse

from outbox.services import Mail, enqueue_mails
from participants.notifications import province_addressee, province_addresses

from .models import Question

# The outbox topic of these e-mails (registered with its label in apps.py).
ANSWERED_TOPIC = "question-answered"


def answered_key(question: Question) -> str:
    return f"question-answered:{question.pk}"


def question_answered(*, question: Question) -> int:
    """Tell the province of `question`, and of each question merged into it, that
    it is answered; return how many messages were new."""
    items = [question, *question.merged.select_related("point__unit")]
    mails = []
    for item in items:
        mails.append(
            Mail(
                key=answered_key(item),
                topic=ANSWERED_TOPIC,
                about={"question": item.pk},
                recipients=province_addresses(item.point),
                template="question_answered",
                context={
                    "addressee": province_addressee(item.point),
                    "question": item,
                    "answered": question,
                    "merged": item.pk != question.pk,
                    "conference": question.conference,
                    "question_path": reverse(
                        "questions:point_question",
                        kwargs={"pk": item.point_id, "question_pk": item.pk},
                    ),
                },
            )
        )
    return enqueue_mails(mails)
