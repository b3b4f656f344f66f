"""The pages: a province's own questions and the public answers, Vụ CCHC's triage,
merge and queue, the drafts, the attachments; access per role on every route."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.enums import Disposition, QuestionStatus
from questions.models import Question, SectionComment
from questions.services import guidance, questions
from tests import factories

from .conftest import client_of
from .files import EXE, PDF

pytestmark = pytest.mark.django_db
S = QuestionStatus


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- a province


def test_province_sends_a_question_through_the_form(hanoi_client, hanoi_point, slots):
    response = hanoi_client.post(
        reverse("questions:ask", args=[hanoi_point.pk]),
        {
            "kind": "proposal",
            "topic": "scoring",
            "slot": slots[4].pk,
            "text": "  Đề nghị\u200b bổ sung hướng dẫn  ",
        },
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.point, question.kind, question.slot, question.text) == (
        hanoi_point,
        "proposal",
        slots[4],
        "Đề nghị bổ sung hướng dẫn",
    )


def test_the_question_form_refuses_a_bidi_override(hanoi_client, hanoi_point):
    response = hanoi_client.post(
        reverse("questions:ask", args=[hanoi_point.pk]),
        {"kind": "question", "topic": "other", "text": "Câu hỏi \u202eđảo chiều"},
    )

    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Question.objects.exists()


def test_the_question_form_offers_only_the_conference_s_slots(
    hanoi_client, hanoi_point, slots
):
    factories.AgendaSlotFactory(content="Mục của hội nghị khác")

    form = hanoi_client.get(reverse("questions:ask", args=[hanoi_point.pk])).context[
        "form"
    ]

    assert list(form.fields["slot"].queryset) == [slots[4], slots[5], slots[6]]


def test_province_page_shows_its_questions_and_the_public_answers_without_names(
    hanoi_client, hanoi_point, hue_point, hanoi_staff, hue_staff, ask, answer
):
    own = ask(hanoi_point, hanoi_staff, text="Câu hỏi riêng của Hà Nội.")
    hue_private = ask(hue_point, hue_staff, text="Câu hỏi riêng của Huế.")
    hue_public = ask(hue_point, hue_staff, text="Câu hỏi chung của Huế.")
    answer(hue_public, text="Câu trả lời cho mọi tỉnh.", public=True)
    answer(hue_private, text="Câu trả lời chỉ cho Huế.")

    response = hanoi_client.get(
        reverse("questions:point_questions", args=[hanoi_point.pk])
    )

    html = response.content.decode()
    assert [q.pk for q in response.context["questions"]] == [own.pk]
    assert [q.pk for q in response.context["public"]] == [hue_public.pk]
    assert "Câu hỏi chung của Huế." in html
    assert "Câu trả lời cho mọi tỉnh." in html
    assert "Câu hỏi riêng của Huế." not in html
    assert "Câu trả lời chỉ cho Huế." not in html
    assert hue_point.unit.name not in html


def test_a_public_answer_shows_the_question_as_published(
    hanoi_client, hanoi_point, hue_point, hue_staff, ask, organiser, now
):
    question = ask(hue_point, hue_staff, text="Tỉnh Thừa Thiên Huế hỏi về điểm thưởng.")
    questions.triage_question(
        question=question,
        status=S.ANSWERED_IN_WRITING,
        answer="Điểm thưởng tính theo kết quả năm.",
        is_public=True,
        published_text="Điểm thưởng được tính thế nào?",
        expected_version=0,
        by=organiser,
        now=now,
    )

    html = hanoi_client.get(
        reverse("questions:point_questions", args=[hanoi_point.pk])
    ).content.decode()

    assert "Điểm thưởng được tính thế nào?" in html
    assert "Thừa Thiên Huế" not in html


def test_a_merged_question_s_province_reads_the_answer_it_joined(
    hanoi_point,
    hue_point,
    hanoi_staff,
    hue_staff,
    hue_client,
    ask,
    answer,
    organiser,
    now,
):
    main = ask(hanoi_point, hanoi_staff, text="Câu hỏi của Hà Nội.")
    duplicate = ask(hue_point, hue_staff, text="Câu hỏi trùng của Huế.")
    questions.merge_question(
        question=duplicate, into=main, expected_version=0, by=organiser, now=now
    )
    answer(main, text="Trả lời chung cho hai câu.")

    html = hue_client.get(
        reverse("questions:point_question", args=[hue_point.pk, duplicate.pk])
    ).content.decode()

    assert "Câu hỏi trùng của Huế." in html
    assert "Trả lời chung cho hai câu." in html
    assert 'data-testid="merged-note"' in html
    assert "Câu hỏi của Hà Nội." not in html


def test_a_province_may_change_its_question_while_it_is_new(
    hanoi_client, hanoi_point, hanoi_staff, ask
):
    question = ask(hanoi_point, hanoi_staff)
    url = reverse("questions:point_question", args=[hanoi_point.pk, question.pk])

    response = hanoi_client.post(
        url,
        {"kind": "question", "topic": "other", "text": "Đã sửa.", "version": "0"},
    )
    stale = hanoi_client.post(
        url,
        {"kind": "question", "topic": "other", "text": "Từ trang cũ.", "version": "0"},
    )

    assert response.status_code == 302
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors()
    question.refresh_from_db()
    assert question.text == "Đã sửa."


def test_another_province_s_question_is_a_404_even_under_one_s_own_point(
    hanoi_client, hanoi_point, hue_point, hue_staff, ask
):
    hue_question = ask(hue_point, hue_staff)

    for url in (
        reverse("questions:point_question", args=[hanoi_point.pk, hue_question.pk]),
        reverse("questions:point_question", args=[hue_point.pk, hue_question.pk]),
    ):
        assert hanoi_client.get(url).status_code == 404
        assert hanoi_client.post(url, {"text": "X", "version": "0"}).status_code == 404
    hue_question.refresh_from_db()
    assert hue_question.text == "Đề nghị hướng dẫn cách chấm tiêu chí 1.3."


def test_a_province_comments_on_a_section_with_a_file(hanoi_client, hanoi_point, draft):
    section = draft.sections.get(order=2)

    response = hanoi_client.post(
        reverse("questions:comment", args=[hanoi_point.pk, draft.pk, section.pk]),
        {"text": "Góp ý lĩnh vực 1.", "attachment": SimpleUploadedFile("gy.pdf", PDF)},
    )

    assert response.status_code == 302
    comment = SectionComment.objects.get()
    assert (comment.section, comment.point, comment.attachment_name) == (
        section,
        hanoi_point,
        "gy.pdf",
    )
    page = hanoi_client.get(
        reverse("questions:point_draft", args=[hanoi_point.pk, draft.pk])
    )
    assert "Góp ý lĩnh vực 1." in page.content.decode()


def test_the_comment_form_refuses_a_program_renamed_pdf(
    hanoi_client, hanoi_point, draft, settings
):
    section = draft.sections.get(order=1)

    response = hanoi_client.post(
        reverse("questions:comment", args=[hanoi_point.pk, draft.pk, section.pk]),
        {"text": "Kèm tệp lạ.", "attachment": SimpleUploadedFile("gy.pdf", EXE)},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["attachment"] == [
        "Nội dung tệp không khớp với loại tệp."
    ]
    assert not SectionComment.objects.exists()


def test_the_comment_form_refuses_an_oversize_file(
    hanoi_client, hanoi_point, draft, settings
):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    section = draft.sections.get(order=1)

    response = hanoi_client.post(
        reverse("questions:comment", args=[hanoi_point.pk, draft.pk, section.pk]),
        {"text": "Tệp lớn.", "attachment": SimpleUploadedFile("gy.pdf", PDF * 100)},
    )

    assert response.status_code == 400
    assert "1,0" in response.context["form"].errors["attachment"][0]
    assert not SectionComment.objects.exists()


def test_an_attachment_is_served_to_its_province_and_vu_cchc_only(
    draft, hanoi_point, hanoi_staff, hanoi_client, hue_client, organiser_client,
    technician_client, now,
):  # fmt: skip
    comment = guidance.add_comment(
        section=draft.sections.first(),
        point=hanoi_point,
        text="Có tệp.",
        upload=SimpleUploadedFile("gop-y.pdf", PDF),
        by=hanoi_staff,
        now=now,
    )
    url = reverse("questions:comment_attachment", args=[hanoi_point.pk, comment.pk])

    own = hanoi_client.get(url)
    ministry = organiser_client.get(url)

    assert (own.status_code, _body(own)) == (200, PDF)
    assert own["Content-Disposition"] == 'attachment; filename="gop-y.pdf"'
    assert _body(ministry) == PDF
    assert hue_client.get(url).status_code == 404
    assert technician_client.get(url).status_code == 403
    assert Client().get(url).status_code == 302


# ---------------------------------------------------------------- Vụ CCHC


def test_organiser_answers_a_question_through_the_triage_form(
    organiser_client, open_conference, hanoi_point, hanoi_staff, ask
):
    question = ask(hanoi_point, hanoi_staff)
    url = reverse("questions:triage", args=[open_conference.slug, question.pk])
    form = organiser_client.get(url).context["triage_form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        S.NEW,
        S.ANSWERED_IN_WRITING,
        S.AT_CONFERENCE,
        S.IN_PROGRESS,
    ]

    response = organiser_client.post(
        url,
        {
            "status": S.ANSWERED_IN_WRITING,
            "answer": "Trả lời bằng văn bản.",
            "is_public": "on",
            "published_text": "",
            "version": "0",
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answer, question.is_public) == (
        S.ANSWERED_IN_WRITING,
        "Trả lời bằng văn bản.",
        True,
    )
    # Its history, newest first: who moved it (by name and unit) and where to.
    history = organiser_client.get(url).context["history"]
    assert [(e.who, e.summary) for e in history] == [
        ("cchc-q (Vụ Cải cách hành chính)", "Đã trả lời bằng văn bản"),
        ("snv-01-q (Sở Nội vụ tỉnh Hà Nội)", "Mới"),
    ]


def test_two_organisers_do_not_overwrite_each_other(
    organiser_client, open_conference, hanoi_point, hanoi_staff, ask
):
    question = ask(hanoi_point, hanoi_staff)
    url = reverse("questions:triage", args=[open_conference.slug, question.pk])
    other = client_of(factories.organiser(username="cchc-2"))
    data = {"status": S.IN_PROGRESS, "published_text": "", "version": "0"}

    first = organiser_client.post(url, {**data, "answer": "Bản của người thứ nhất."})
    second = other.post(url, {**data, "answer": "Bản của người thứ hai."})

    assert (first.status_code, second.status_code) == (302, 400)
    assert "tải lại trang" in second.content.decode()
    question.refresh_from_db()
    assert question.answer == "Bản của người thứ nhất."


def test_the_merge_form_merges_by_number(
    organiser_client,
    open_conference,
    hanoi_point,
    hue_point,
    hanoi_staff,
    hue_staff,
    ask,
):
    main = ask(hanoi_point, hanoi_staff)
    duplicate = ask(hue_point, hue_staff, text="Trùng.")
    url = reverse("questions:merge", args=[open_conference.slug, duplicate.pk])

    missing = organiser_client.post(url, {"into": "99", "version": "0"})
    itself = organiser_client.post(url, {"into": str(duplicate.number), "version": "0"})
    merged = organiser_client.post(url, {"into": str(main.number), "version": "0"})

    assert (missing.status_code, itself.status_code, merged.status_code) == (
        400,
        400,
        302,
    )
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (S.MERGED, main)


def test_the_triage_list_filters_and_counts(
    organiser_client, open_conference, hanoi_point, hue_point, hanoi_staff, hue_staff,
    ask, answer,
):  # fmt: skip
    ask(hanoi_point, hanoi_staff, topic="scheme")
    answer(ask(hue_point, hue_staff, topic="scoring"))
    url = reverse("questions:triage_list", args=[open_conference.slug])

    everything = organiser_client.get(url)
    hue_only = organiser_client.get(url, {"province": hue_point.unit.code})
    answered = organiser_client.get(url, {"status": S.ANSWERED_IN_WRITING})

    assert [q.number for q in everything.context["questions"]] == [1, 2]
    assert [q.number for q in hue_only.context["questions"]] == [2]
    assert [q.number for q in answered.context["questions"]] == [2]
    assert dict(everything.context["counts"])[S.NEW] == 1
    assert everything.context["open_items"] == 1


def test_the_triage_list_runs_the_same_queries_at_any_size(
    organiser_client, open_conference, hanoi_point, hanoi_staff, ask
):
    url = reverse("questions:triage_list", args=[open_conference.slug])

    def queries_with(total):
        while Question.objects.count() < total:
            ask(hanoi_point, hanoi_staff)
        organiser_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(url)
        assert len(response.context["questions"]) == total
        return len(queries)

    assert queries_with(2) == queries_with(15)


def test_the_province_page_runs_the_same_queries_at_any_size(
    hanoi_client, hanoi_point, hanoi_staff, ask, answer
):
    url = reverse("questions:point_questions", args=[hanoi_point.pk])

    def queries_with(total):
        while Question.objects.count() < total:
            answer(ask(hanoi_point, hanoi_staff), public=True)
        hanoi_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = hanoi_client.get(url)
        assert len(response.context["questions"]) == total
        return len(queries)

    assert queries_with(2) == queries_with(12)


def test_the_queue_finds_the_questions_session_by_the_programme(
    organiser_client,
    open_conference,
    slots,
    hanoi_point,
    hanoi_staff,
    ask,
    organiser,
    now,
):
    for text in ("Thứ nhất.", "Thứ hai."):
        question = ask(hanoi_point, hanoi_staff, text=text)
        questions.triage_question(
            question=question,
            status=S.AT_CONFERENCE,
            answer="",
            is_public=False,
            published_text="",
            expected_version=question.version,
            by=organiser,
            now=now,
        )
    url = reverse("questions:queue", args=[open_conference.slug])

    page = organiser_client.get(url)
    panel = organiser_client.get(url, headers={"HX-Request": "true"})

    assert page.context["queue"].session == slots[6]
    assert [q.number for q in page.context["queue"].waiting] == [1, 2]
    assert 'hx-trigger="every 5s"' in page.content.decode()
    assert b"<html" not in panel.content
    assert b'data-testid="queue-item"' in panel.content


def test_the_queue_buttons_move_and_mark_answered(
    organiser_client, open_conference, hanoi_point, hanoi_staff, ask, organiser, now
):
    made = []
    for text in ("Thứ nhất.", "Thứ hai."):
        question = ask(hanoi_point, hanoi_staff, text=text)
        questions.triage_question(
            question=question,
            status=S.AT_CONFERENCE,
            answer="",
            is_public=False,
            published_text="",
            expected_version=question.version,
            by=organiser,
            now=now,
        )
        made.append(question)
    slug = open_conference.slug

    moved = organiser_client.post(
        reverse("questions:queue_move", args=[slug, made[1].pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    answered = organiser_client.post(
        reverse("questions:queue_answered", args=[slug, made[1].pk])
    )

    assert [q.number for q in moved.context["queue"].waiting] == [2, 1]
    assert answered.status_code == 302
    made[1].refresh_from_db()
    assert made[1].status == S.ANSWERED_AT_CONFERENCE


def test_organiser_builds_a_draft_and_responds_to_a_comment(
    organiser_client, open_conference, hanoi_point, hanoi_staff, now
):
    slug = open_conference.slug
    created = organiser_client.post(
        reverse("questions:drafts", args=[slug]),
        {"title": "Dự thảo hướng dẫn", "file": SimpleUploadedFile("du-thao.pdf", PDF)},
    )
    draft = open_conference.drafts.get()
    assert created.status_code == 302
    organiser_client.post(
        reverse("questions:section_add", args=[slug, draft.pk]),
        {"title": "Phạm vi", "text": ""},
    )
    organiser_client.post(
        reverse("questions:draft", args=[slug, draft.pk]),
        {"title": draft.title, "status": "open", "version": str(draft.version)},
    )
    comment = guidance.add_comment(
        section=draft.sections.get(),
        point=hanoi_point,
        text="Đề nghị sửa.",
        by=hanoi_staff,
        now=now,
    )

    response = organiser_client.post(
        reverse("questions:comment_response", args=[slug, comment.pk]),
        {"disposition": "accepted", "response": "Đã tiếp thu.", "version": "0"},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.disposition, comment.response) == (
        Disposition.ACCEPTED,
        "Đã tiếp thu.",
    )
    draft.refresh_from_db()
    assert (draft.status, draft.file_name) == ("open", "du-thao.pdf")


def test_a_draft_being_prepared_is_a_404_for_the_provinces(
    hanoi_client, hanoi_point, open_conference, organiser, now
):
    prepared = guidance.create_draft(
        conference=open_conference, title="Chưa mở", by=organiser, now=now
    )

    url = reverse("questions:point_draft", args=[hanoi_point.pk, prepared.pk])

    assert hanoi_client.get(url).status_code == 404


# ---------------------------------------------------------------- access per role

PROVINCE_ROUTES = ["point_questions", "ask"]
ORGANISER_ROUTES = ["triage_list", "queue", "drafts", "record_xlsx"]


@pytest.mark.parametrize("name", PROVINCE_ROUTES)
def test_province_routes_per_role(
    name, hanoi_point, hanoi_client, hue_client, organiser_client, technician_client
):
    url = reverse(f"questions:{name}", args=[hanoi_point.pk])

    assert hanoi_client.get(url).status_code == 200
    assert hue_client.get(url).status_code == 404
    assert technician_client.get(url).status_code == 403
    assert organiser_client.get(url).status_code == 403
    assert Client().get(url)["Location"].startswith("/login/")


@pytest.mark.parametrize("name", ORGANISER_ROUTES)
def test_organiser_routes_per_role(
    name, open_conference, hanoi_client, organiser_client, technician_client,
    admin_client_role,
):  # fmt: skip
    url = reverse(f"questions:{name}", args=[open_conference.slug])

    assert organiser_client.get(url).status_code == 200
    assert admin_client_role.get(url).status_code == 200
    assert hanoi_client.get(url).status_code == 404
    assert technician_client.get(url).status_code == 403
    assert Client().get(url)["Location"].startswith("/login/")


def test_the_navigation_links_each_role_to_its_page(
    hanoi_client, hanoi_point, organiser_client, technician_client, open_conference
):
    def link(client):
        html = client.get("/", follow=True).content.decode()
        start = html.find('data-testid="nav-questions"')
        return html[html.rfind("href", 0, start) : start] if start > 0 else None

    assert f"/points/{hanoi_point.pk}/questions/" in link(hanoi_client)
    assert f"/conferences/{open_conference.slug}/questions/" in link(organiser_client)
    assert link(technician_client) is None


def test_the_queue_panel_runs_the_same_queries_at_any_size(
    organiser_client,
    open_conference,
    slots,
    hanoi_point,
    hanoi_staff,
    ask,
    organiser,
    now,
):
    url = reverse("questions:queue", args=[open_conference.slug])

    def queries_with(total):
        while Question.objects.count() < total:
            question = ask(hanoi_point, hanoi_staff)
            questions.triage_question(
                question=question,
                status=S.AT_CONFERENCE,
                answer="",
                is_public=False,
                published_text="",
                expected_version=question.version,
                by=organiser,
                now=now,
            )
        organiser_client.get(url, headers={"HX-Request": "true"})
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(url, headers={"HX-Request": "true"})
        assert len(response.context["queue"].waiting) == total
        return len(queries)

    assert queries_with(2) == queries_with(10)


def test_a_draft_s_page_runs_the_same_queries_at_any_size(
    organiser_client, open_conference, draft, hanoi_point, hue_point, hanoi_staff,
    hue_staff, now,
):  # fmt: skip
    url = reverse("questions:draft", args=[open_conference.slug, draft.pk])
    sections = list(draft.sections.all())

    def queries_with(total):
        while SectionComment.objects.count() < total:
            count = SectionComment.objects.count()
            point, staff = [(hanoi_point, hanoi_staff), (hue_point, hue_staff)][
                count % 2
            ]
            guidance.add_comment(
                section=sections[count % 2],
                point=point,
                text=f"Góp ý {count}.",
                by=staff,
                now=now,
            )
        organiser_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            organiser_client.get(url)
        return len(queries)

    assert queries_with(2) == queries_with(12)
