"""A province's staff reach nothing of another province: every route answers 404.

The routes are discovered from the URLconf, so a new route with an id in its path
fails here until the test knows how to give it another province's id.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from participants.models import DelegateImport
from tests import factories

pytestmark = pytest.mark.django_db

# The dashboard answers province staff 404 on every route, their own conference's too.
SCOPED_NAMESPACES = {
    "participants",
    "conference",
    "tasks",
    "reminders",
    "outbox",
    "documents",
    "readiness",
    "dashboard",
    "questions",
    "publication",
}


def _routes(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace in SCOPED_NAMESPACES:
            yield f"{namespace}:{entry.name}", set(entry.pattern.converters)


@pytest.fixture
def other_province(conference, hue_point, open_conference_deadline):
    """The ids of everything Huế has, for Hà Nội's staff to try."""
    delegate = factories.DelegateFactory(point=hue_point, full_name="Hồ Thị Huế")
    staged = DelegateImport.objects.create(
        point=hue_point,
        file_name="hue.xlsx",
        mode="append",
        rows=[],
        errors={},
        list_version=hue_point.delegate_list.version,
    )
    from django.core.files.base import ContentFile

    from conference.models import ConferenceDocument
    from documents.models import BackdropSize, RenderJob

    hue_file = ConferenceDocument(conference=conference, kind="scheme", title="Đề án")
    hue_file.file.save("de-an.pdf", ContentFile(b"%PDF-1.7 x"), save=False)
    hue_file.is_published = True
    hue_file.save()
    job = RenderJob.objects.create(conference=conference, file_name="x.zip")
    from outbox.models import OutboxMessage
    from outbox.services import enqueue_mail

    enqueue_mail(
        key=f"invitation:{conference.pk}:point-{hue_point.pk}",
        recipients=["snv@hue.gov.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Huế"}, "point_path": "/points/2/"},
    )
    questions = _hue_questions(conference, hue_point)
    return {
        "batch": OutboxMessage.objects.get().batch,
        "pk": hue_point.pk,
        "delegate_pk": delegate.pk,
        "import_id": staged.pk,
        "slug": conference.slug,
        "round": 1,
        "size_pk": BackdropSize.objects.get_or_create(
            name="Màn hình 16:9", defaults={"width_mm": 3200, "height_mm": 1800}
        )[0].pk,
        "file_pk": hue_file.pk,
        "job_pk": job.pk,
        **questions,
    }


def _hue_questions(conference, hue_point) -> dict:
    """Huế's question, its comment with a file on an open draft, and a record."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from questions.enums import DraftStatus
    from questions.models import RecordExport
    from questions.services import guidance, questions

    now = timezone.now()
    staff = factories.province_staff(hue_point.unit, username="snv-46-isolation")
    organiser = factories.organiser(username="cchc-isolation")
    question = questions.submit_question(
        point=hue_point,
        data={"kind": "question", "topic": "other", "text": "Câu hỏi của Huế."},
        by=staff,
        now=now,
    )
    draft = guidance.create_draft(
        conference=conference,
        title="Dự thảo",
        upload=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.7 x"),
        by=organiser,
        now=now,
    )
    section = guidance.add_section(draft=draft, title="Mục 1", text="", by=organiser)
    draft = guidance.update_draft(
        draft=draft,
        title=draft.title,
        status=DraftStatus.OPEN,
        comment_deadline=None,
        expected_version=draft.version,
        by=organiser,
    )
    comment = guidance.add_comment(
        section=section,
        point=hue_point,
        text="Góp ý của Huế.",
        upload=SimpleUploadedFile("gop-y.pdf", b"%PDF-1.7 x"),
        by=staff,
        now=now,
    )
    export = RecordExport.objects.create(
        conference=conference, requested_by=organiser, created_at=now
    )
    return {
        "question_pk": question.pk,
        "draft_pk": draft.pk,
        "section_pk": section.pk,
        "comment_pk": comment.pk,
        "export_pk": export.pk,
    }


@pytest.fixture
def open_conference_deadline(conference):
    from datetime import timedelta

    from django.utils import timezone

    conference.delegate_list_deadline = timezone.now() + timedelta(days=3)
    conference.starts_at = timezone.now() + timedelta(days=5)
    conference.save()


def test_every_scoped_route_is_known():
    routes = dict(_routes())
    assert "participants:point_detail" in routes
    assert {
        "participants:delegate_import_preview",
        "participants:delegate_export",
        "readiness:test_record",
        "readiness:check_in",
        "dashboard:rollup",
        "dashboard:export_xlsx",
        "dashboard:day",
    } <= set(routes)


@pytest.mark.parametrize("method", ["get", "post"])
def test_province_staff_get_404_for_everything_of_another_province(
    hanoi_client, other_province, hue_point, method
):
    before = (hue_point.delegates.count(), hue_point.delegate_list.status)
    checked = []
    for name, params in _routes():
        unknown = params - other_province.keys()
        assert not unknown, f"{name}: give this test another province's {unknown}"
        url = reverse(name, kwargs={p: other_province[p] for p in params})
        response = getattr(hanoi_client, method)(
            url, {"action": "confirm", "full_name": "X"}
        )
        # A read-only page answers a POST with 405 whoever asks: that reveals nothing.
        allowed = {404, 405} if method == "post" else {404}
        assert response.status_code in allowed, (name, method, response.status_code)
        checked.append(name)
    assert len(checked) >= 23
    hue_point.refresh_from_db()
    assert (hue_point.delegates.count(), hue_point.delegate_list.status) == before
    assert (
        DelegateImport.objects.get(pk=other_province["import_id"]).status == "pending"
    )
    from questions.models import Question, SectionComment

    assert Question.objects.get().text == "Câu hỏi của Huế."
    assert SectionComment.objects.count() == 1
