"""Submission, triage (every move, legal or not), merge, the queue, the e-mails."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from outbox.models import OutboxMessage
from questions.enums import QuestionStatus
from questions.exceptions import Closed, IllegalMove, StaleEdit
from questions.models import Question
from questions.services import questions
from questions.services.questions import TRANSITIONS
from tests import factories

pytestmark = pytest.mark.django_db
S = QuestionStatus


# ---------------------------------------------------------------- submission


def test_submit_question_numbers_the_questions_of_a_conference_from_one(
    hanoi_point, hue_point, hanoi_staff, hue_staff, ask, now
):
    first = ask(hanoi_point, hanoi_staff)
    second = ask(hue_point, hue_staff, text="Kiến nghị giảm tài liệu kiểm chứng.")

    assert [(q.number, q.point, q.status) for q in (first, second)] == [
        (1, hanoi_point, S.NEW),
        (2, hue_point, S.NEW),
    ]
    assert (first.asked_by, first.asked_at) == (hanoi_staff, now)
    assert first.history.count() == 1


def test_submit_question_ties_it_to_a_slot_of_its_conference(
    hanoi_point, hanoi_staff, ask, slots
):
    question = ask(hanoi_point, hanoi_staff, slot=slots[4])

    assert Question.objects.get(pk=question.pk).slot == slots[4]


def test_submit_question_refuses_a_slot_of_another_conference(
    hanoi_point, hanoi_staff, ask, slots
):
    other = factories.AgendaSlotFactory()

    with pytest.raises(ValidationError) as refused:
        ask(hanoi_point, hanoi_staff, slot=other)

    assert "slot" in refused.value.error_dict
    assert not Question.objects.exists()


def test_submit_question_is_refused_once_the_last_slot_ended(
    hanoi_point, hanoi_staff, slots
):
    after = slots[6].ends_at + timedelta(minutes=1)

    with pytest.raises(Closed):
        questions.submit_question(
            point=hanoi_point,
            data={"kind": "question", "topic": "other", "text": "Còn kịp không?"},
            by=hanoi_staff,
            now=after,
        )

    assert not Question.objects.exists()


def test_submit_question_is_taken_during_the_conference(
    hanoi_point, hanoi_staff, slots
):
    during = slots[6].starts_at + timedelta(minutes=10)

    question = questions.submit_question(
        point=hanoi_point,
        data={"kind": "proposal", "topic": "scheme", "text": "Đề xuất trong phiên."},
        by=hanoi_staff,
        now=during,
    )

    assert question.number == 1


def test_submit_question_refuses_a_text_over_the_limit(hanoi_point, hanoi_staff, ask):
    with pytest.raises(ValidationError) as refused:
        ask(hanoi_point, hanoi_staff, text="x" * 4001)

    assert "text" in refused.value.error_dict


def test_edit_question_changes_a_new_question_and_records_it(
    hanoi_point, hanoi_staff, ask, now
):
    question = ask(hanoi_point, hanoi_staff)

    questions.edit_question(
        question=question,
        data={"text": "Nội dung đã sửa."},
        expected_version=question.version,
        by=hanoi_staff,
        now=now,
    )

    question.refresh_from_db()
    assert (question.text, question.version) == ("Nội dung đã sửa.", 1)
    assert question.history.count() == 2


def test_edit_question_with_a_stale_version_is_refused(
    hanoi_point, hanoi_staff, ask, now
):
    question = ask(hanoi_point, hanoi_staff)
    questions.edit_question(
        question=question,
        data={"text": "Lần một."},
        expected_version=0,
        by=hanoi_staff,
        now=now,
    )

    with pytest.raises(StaleEdit):
        questions.edit_question(
            question=question,
            data={"text": "Lần hai, từ trang cũ."},
            expected_version=0,
            by=hanoi_staff,
            now=now,
        )

    question.refresh_from_db()
    assert question.text == "Lần một."


def test_edit_question_is_refused_once_vu_cchc_took_it_up(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    _triage(question, S.IN_PROGRESS, organiser, now)
    question.refresh_from_db()

    with pytest.raises(Closed):
        questions.edit_question(
            question=question,
            data={"text": "Sửa muộn."},
            expected_version=question.version,
            by=hanoi_staff,
            now=now,
        )


# ---------------------------------------------------------------- triage


def _triage(question, status, by, now, answer="Trả lời bằng văn bản.", public=False):
    question.refresh_from_db()
    return questions.triage_question(
        question=question,
        status=status,
        answer=answer,
        is_public=public,
        published_text="",
        expected_version=question.version,
        by=by,
        now=now,
    )


def _put_in(question, status, organiser, now, other):
    """Bring a new question to `status` through legal moves."""
    path = {
        S.NEW: [],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.ANSWERED_IN_WRITING: [S.ANSWERED_IN_WRITING],
        S.AT_CONFERENCE: [S.AT_CONFERENCE],
        S.ANSWERED_AT_CONFERENCE: [S.AT_CONFERENCE],
    }
    if status == S.MERGED:
        questions.merge_question(
            question=question,
            into=other,
            expected_version=question.version,
            by=organiser,
            now=now,
        )
        return
    for step in path[status]:
        _triage(question, step, organiser, now)
    if status == S.ANSWERED_AT_CONFERENCE:
        questions.mark_answered_live(question=question, by=organiser, now=now)


# Sorted: xdist workers must collect the same tests in the same order.
LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in sorted(targets)]
ILLEGAL = [(a, b) for a in S for b in S if b != a and b not in TRANSITIONS[a]]


def test_the_rules_name_every_status():
    assert set(TRANSITIONS) == set(S)
    assert len(LEGAL) + len(ILLEGAL) == len(S) * (len(S) - 1)


@pytest.mark.parametrize(("start", "target"), LEGAL)
def test_move_allows_each_legal_move(
    start, target, hanoi_point, hue_point, hanoi_staff, hue_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    other = ask(hue_point, hue_staff, text="Câu hỏi khác.")
    _put_in(question, start, organiser, now, other)
    question.refresh_from_db()
    assert question.status == start

    if target == S.MERGED:
        questions.merge_question(
            question=question,
            into=other,
            expected_version=question.version,
            by=organiser,
            now=now,
        )
    elif target == S.ANSWERED_AT_CONFERENCE:
        questions.mark_answered_live(question=question, by=organiser, now=now)
    elif start == S.ANSWERED_AT_CONFERENCE:
        questions.unmark_answered_live(question=question, by=organiser, now=now)
    else:
        _triage(question, target, organiser, now)

    question.refresh_from_db()
    assert question.status == target


@pytest.mark.parametrize(("start", "target"), ILLEGAL)
def test_move_refuses_each_illegal_move(
    start, target, hanoi_point, hue_point, hanoi_staff, hue_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    other = ask(hue_point, hue_staff, text="Câu hỏi khác.")
    _put_in(question, start, organiser, now, other)
    question.refresh_from_db()
    before = (question.status, question.version)

    with pytest.raises(IllegalMove):
        if target == S.MERGED:
            # The only way into "merged" is a merge; from here it is refused.
            questions.merge_question(
                question=question,
                into=other,
                expected_version=question.version,
                by=organiser,
                now=now,
            )
        elif target == S.ANSWERED_AT_CONFERENCE:
            questions.mark_answered_live(question=question, by=organiser, now=now)
        else:
            _triage(question, target, organiser, now)

    question.refresh_from_db()
    assert (question.status, question.version) == before


def test_triage_refuses_a_written_answer_without_text(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)

    with pytest.raises(IllegalMove):
        _triage(question, S.ANSWERED_IN_WRITING, organiser, now, answer="")

    question.refresh_from_db()
    assert question.status == S.NEW


def test_triage_refuses_a_public_answer_before_the_question_is_answered(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)

    with pytest.raises(IllegalMove):
        _triage(question, S.IN_PROGRESS, organiser, now, public=True)


def test_triage_with_a_stale_version_overwrites_nothing(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    seen = question.version
    _triage(question, S.IN_PROGRESS, organiser, now, answer="Bản nháp của người A.")

    with pytest.raises(StaleEdit):
        questions.triage_question(
            question=question,
            status=S.ANSWERED_IN_WRITING,
            answer="Câu trả lời của người B.",
            is_public=False,
            published_text="",
            expected_version=seen,
            by=organiser,
            now=now,
        )

    question.refresh_from_db()
    assert (question.status, question.answer) == (
        S.IN_PROGRESS,
        "Bản nháp của người A.",
    )


def test_answering_records_who_and_when_and_the_history(
    hanoi_point, hanoi_staff, ask, answer, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)

    answer(question, public=True)

    question.refresh_from_db()
    assert (question.status, question.is_public) == (S.ANSWERED_IN_WRITING, True)
    assert (question.answered_by, question.answered_at) == (organiser, now)
    assert [h.status for h in question.history.order_by("history_date")] == [
        S.NEW,
        S.ANSWERED_IN_WRITING,
    ]


# ---------------------------------------------------------------- merge


def test_merge_points_to_the_other_question_and_its_followers_follow(
    hanoi_point, hue_point, hanoi_staff, hue_staff, ask, organiser, now
):
    first = ask(hanoi_point, hanoi_staff)
    second = ask(hue_point, hue_staff, text="Cùng nội dung.")
    third = ask(hue_point, hue_staff, text="Cũng cùng nội dung.")
    questions.merge_question(
        question=third, into=second, expected_version=0, by=organiser, now=now
    )

    questions.merge_question(
        question=second, into=first, expected_version=0, by=organiser, now=now
    )

    statuses = {
        q.number: (q.status, q.merged_into_id)
        for q in Question.objects.order_by("number")
    }
    assert statuses == {
        1: (S.NEW, None),
        2: (S.MERGED, first.pk),
        3: (S.MERGED, first.pk),
    }


@pytest.mark.parametrize("target", ["self", "merged", "other_conference"])
def test_merge_refuses_a_wrong_target(
    target, hanoi_point, hue_point, hanoi_staff, hue_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    other = ask(hue_point, hue_staff, text="Khác.")
    if target == "self":
        into = question
    elif target == "merged":
        third = ask(hue_point, hue_staff, text="Thứ ba.")
        questions.merge_question(
            question=other, into=third, expected_version=0, by=organiser, now=now
        )
        into = other
    else:
        point = factories.BridgePointFactory()
        into = Question.objects.create(
            conference=point.conference,
            number=1,
            point=point,
            topic="other",
            text="Của hội nghị khác.",
            asked_at=now,
        )

    with pytest.raises(IllegalMove):
        questions.merge_question(
            question=question, into=into, expected_version=0, by=organiser, now=now
        )

    question.refresh_from_db()
    assert (question.status, question.merged_into_id) == (S.NEW, None)


def test_unmerge_hands_the_question_back_on_its_own(
    hanoi_point, hue_point, hanoi_staff, hue_staff, ask, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    other = ask(hue_point, hue_staff, text="Khác.")
    questions.merge_question(
        question=question, into=other, expected_version=0, by=organiser, now=now
    )

    _triage(question, S.IN_PROGRESS, organiser, now, answer="")

    question.refresh_from_db()
    assert (question.status, question.merged_into_id) == (S.IN_PROGRESS, None)


# ---------------------------------------------------------------- the queue


def _queued(point, staff, ask, organiser, now, count):
    made = []
    for index in range(count):
        question = ask(point, staff, text=f"Câu hỏi tại hội nghị {index + 1}.")
        _triage(question, S.AT_CONFERENCE, organiser, now, answer="")
        made.append(question)
    return made


def _order(conference):
    return list(
        Question.objects.filter(conference=conference, status=S.AT_CONFERENCE)
        .order_by("queue_position")
        .values_list("number", flat=True)
    )


def test_questions_join_the_queue_in_the_order_they_are_put_there(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    _queued(hanoi_point, hanoi_staff, ask, organiser, now, 3)

    assert _order(hanoi_point.conference) == [1, 2, 3]


def test_move_in_queue_swaps_with_the_neighbour_and_stops_at_the_ends(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    first, second, third = _queued(hanoi_point, hanoi_staff, ask, organiser, now, 3)

    questions.move_in_queue(question=third, up=True, by=organiser)
    questions.move_in_queue(question=third, up=True, by=organiser)
    questions.move_in_queue(question=third, up=True, by=organiser)  # already first
    questions.move_in_queue(question=first, up=False, by=organiser)

    assert _order(hanoi_point.conference) == [3, 2, 1]


def test_mark_answered_live_leaves_the_waiting_list_and_undo_puts_it_back(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    first, second = _queued(hanoi_point, hanoi_staff, ask, organiser, now, 2)

    questions.mark_answered_live(question=first, by=organiser, now=now)
    assert _order(hanoi_point.conference) == [2]
    questions.unmark_answered_live(question=first, by=organiser, now=now)

    assert _order(hanoi_point.conference) == [1, 2]
    first.refresh_from_db()
    assert (first.answered_at, first.answered_by) == (None, None)


def test_move_in_queue_refuses_a_question_not_waiting(
    hanoi_point, hanoi_staff, ask, organiser
):
    question = ask(hanoi_point, hanoi_staff)

    with pytest.raises(IllegalMove):
        questions.move_in_queue(question=question, up=True, by=organiser)


# ---------------------------------------------------------------- e-mails


def _mails():
    return list(
        OutboxMessage.objects.order_by("key", "recipient").values_list(
            "key", "recipient"
        )
    )


def test_the_province_is_emailed_once_when_its_question_is_answered(
    hanoi_point, hanoi_staff, ask, answer, organiser, now
):
    question = ask(hanoi_point, hanoi_staff)
    answer(question)
    question.refresh_from_db()

    questions.triage_question(
        question=question,
        status=S.ANSWERED_IN_WRITING,
        answer="Câu trả lời đã sửa.",
        is_public=False,
        published_text="",
        expected_version=question.version,
        by=organiser,
        now=now,
    )

    assert _mails() == [(f"question-answered:{question.pk}", "snv@hanoi.gov.vn")]
    message = OutboxMessage.objects.get()
    assert (
        message.subject == f"Vụ CCHC đã trả lời câu hỏi số {question.number} của tỉnh"
    )
    assert "Tiêu chí 1.3 chấm theo kế hoạch năm." in message.body_text
    assert f"/points/{hanoi_point.pk}/questions/{question.pk}/" in message.body_text


def test_a_live_answer_undone_and_done_again_emails_once(
    hanoi_point, hanoi_staff, ask, organiser, now
):
    (question,) = _queued(hanoi_point, hanoi_staff, ask, organiser, now, 1)

    questions.mark_answered_live(question=question, by=organiser, now=now)
    questions.unmark_answered_live(question=question, by=organiser, now=now)
    questions.mark_answered_live(question=question, by=organiser, now=now)

    assert _mails() == [(f"question-answered:{question.pk}", "snv@hanoi.gov.vn")]


def test_provinces_of_merged_questions_are_emailed_with_the_answer(
    hanoi_point, hue_point, hanoi_staff, hue_staff, ask, answer, organiser, now
):
    main = ask(hanoi_point, hanoi_staff)
    duplicate = ask(hue_point, hue_staff, text="Cùng nội dung.")
    questions.merge_question(
        question=duplicate, into=main, expected_version=0, by=organiser, now=now
    )

    answer(main, text="Một câu trả lời cho cả hai tỉnh.")

    assert _mails() == [
        (f"question-answered:{main.pk}", "snv@hanoi.gov.vn"),
        (f"question-answered:{duplicate.pk}", "snv@hue.gov.vn"),
    ]
    hue_mail = OutboxMessage.objects.get(recipient="snv@hue.gov.vn")
    assert "Một câu trả lời cho cả hai tỉnh." in hue_mail.body_text
    assert "Cùng nội dung." in hue_mail.body_text


def test_a_question_merged_into_an_answered_one_is_emailed_at_the_merge(
    hanoi_point, hue_point, hanoi_staff, hue_staff, ask, answer, organiser, now
):
    main = ask(hanoi_point, hanoi_staff)
    answer(main)
    late = ask(hue_point, hue_staff, text="Hỏi lại điều đã được trả lời.")

    questions.merge_question(
        question=late, into=main, expected_version=0, by=organiser, now=now
    )

    assert (f"question-answered:{late.pk}", "snv@hue.gov.vn") in _mails()
    assert len(_mails()) == 2
