"""Drafts, sections, comments, their attachments (type by content, size before
reading) and Vụ CCHC's responses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from questions.enums import Disposition, DraftStatus
from questions.exceptions import Closed, IllegalMove, StaleEdit
from questions.models import DraftSection, SectionComment
from questions.services import guidance

from .files import EXE, PDF, CountingFile, docx_bytes, upload, zip_bytes

pytestmark = pytest.mark.django_db


def _comment(draft, point, staff, now, **kwargs):
    return guidance.add_comment(
        section=draft.sections.order_by("order").first(),
        point=point,
        text=kwargs.pop("text", "Đề nghị làm rõ phạm vi áp dụng."),
        by=staff,
        now=now,
        **kwargs,
    )


def test_add_section_puts_it_after_the_last(draft, organiser):
    added = guidance.add_section(draft=draft, title="Lĩnh vực 2", text="", by=organiser)

    assert list(draft.sections.values_list("order", "title")) == [
        (1, "Phạm vi áp dụng"),
        (2, "Lĩnh vực 1"),
        (3, "Lĩnh vực 2"),
    ]
    assert added.history.count() == 1


def test_update_section_refuses_an_order_already_taken(draft, organiser):
    second = draft.sections.get(order=2)

    with pytest.raises(ValidationError):
        guidance.update_section(
            section=second, title="Lĩnh vực 1", text="", order=1, by=organiser
        )


def test_a_draft_is_opened_only_with_sections(open_conference, organiser, now):
    empty = guidance.create_draft(
        conference=open_conference, title="Dự thảo trống", by=organiser, now=now
    )

    with pytest.raises(IllegalMove):
        guidance.update_draft(
            draft=empty,
            title=empty.title,
            status=DraftStatus.OPEN,
            comment_deadline=None,
            expected_version=empty.version,
            by=organiser,
        )


def test_a_closed_draft_cannot_go_back_to_preparation(draft, organiser):
    closed = guidance.update_draft(
        draft=draft,
        title=draft.title,
        status=DraftStatus.CLOSED,
        comment_deadline=None,
        expected_version=draft.version,
        by=organiser,
    )

    with pytest.raises(IllegalMove):
        guidance.update_draft(
            draft=closed,
            title=closed.title,
            status=DraftStatus.PREPARING,
            comment_deadline=None,
            expected_version=closed.version,
            by=organiser,
        )


def test_update_draft_with_a_stale_version_is_refused(draft, organiser):
    with pytest.raises(StaleEdit):
        guidance.update_draft(
            draft=draft,
            title="Tiêu đề mới",
            status=draft.status,
            comment_deadline=None,
            expected_version=draft.version - 1,
            by=organiser,
        )


def test_add_comment_records_it_for_the_province(draft, hanoi_point, hanoi_staff, now):
    comment = _comment(draft, hanoi_point, hanoi_staff, now)

    assert (comment.point, comment.created_by, comment.disposition) == (
        hanoi_point,
        hanoi_staff,
        Disposition.PENDING,
    )
    assert comment.conference_id == draft.conference_id


@pytest.mark.parametrize("state", ["preparing", "closed", "past_deadline"])
def test_add_comment_is_refused_when_the_draft_is_not_open(
    state, draft, hanoi_point, hanoi_staff, organiser, now
):
    status, deadline = DraftStatus.OPEN, None
    if state == "preparing":
        type(draft).objects.filter(pk=draft.pk).update(status=DraftStatus.PREPARING)
        status = None
    elif state == "closed":
        status = DraftStatus.CLOSED
    else:
        deadline = now - timedelta(minutes=1)
    if status is not None:
        guidance.update_draft(
            draft=draft,
            title=draft.title,
            status=status,
            comment_deadline=deadline,
            expected_version=draft.version,
            by=organiser,
        )

    with pytest.raises(Closed):
        _comment(draft, hanoi_point, hanoi_staff, now)

    assert not SectionComment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("gop-y.pdf", PDF), ("gop-y.docx", docx_bytes())],
)
def test_add_comment_keeps_a_pdf_or_word_attachment_under_a_private_name(
    name, content, draft, hanoi_point, hanoi_staff, now
):
    comment = _comment(
        draft, hanoi_point, hanoi_staff, now, upload=upload(f"Góp ý/../{name}", content)
    )

    assert comment.attachment_name == name
    stored = comment.attachment.name
    assert stored.startswith(f"questions/{draft.conference_id}/")
    assert name.split(".")[0] not in stored
    with comment.attachment.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tai-lieu.pdf", EXE, "content"),  # a program renamed .pdf
        ("tai-lieu.exe", EXE, "type"),
        ("tai-lieu.docx", zip_bytes(), "content"),  # an archive renamed .docx
        ("tai-lieu.docx", docx_bytes(macro=True), "content"),  # a .docm renamed
        ("tai-lieu.docx", PDF, "content"),
        ("tai-lieu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "type"),
        ("tai-lieu.pdf", b"", "empty"),
    ],
)
def test_add_comment_refuses_an_attachment_of_another_type(
    name, content, code, draft, hanoi_point, hanoi_staff, now, settings
):
    with pytest.raises(ValidationError) as refused:
        _comment(draft, hanoi_point, hanoi_staff, now, upload=upload(name, content))

    assert refused.value.code == code
    assert not SectionComment.objects.exists()
    assert not (settings.MEDIA_ROOT / "questions").exists()


def test_add_comment_refuses_an_oversize_attachment_without_reading_it(
    draft, hanoi_point, hanoi_staff, now, settings
):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    big = CountingFile(PDF + b"0" * 4096, name="lon.pdf")

    with pytest.raises(ValidationError) as refused:
        _comment(draft, hanoi_point, hanoi_staff, now, upload=big)

    assert refused.value.code == "too_large"
    assert big.bytes_read == 0
    assert not SectionComment.objects.exists()


def test_delete_section_is_refused_once_commented(draft, hanoi_point, hanoi_staff, now):
    comment = _comment(draft, hanoi_point, hanoi_staff, now)

    with pytest.raises(IllegalMove):
        guidance.delete_section(section=comment.section)

    assert DraftSection.objects.filter(pk=comment.section_id).exists()


def test_respond_to_comment_records_the_disposition_and_who(
    draft, hanoi_point, hanoi_staff, organiser, now
):
    comment = _comment(draft, hanoi_point, hanoi_staff, now)

    guidance.respond_to_comment(
        comment=comment,
        disposition=Disposition.EXPLAINED,
        response="Giữ như dự thảo: tiêu chí đã có hướng dẫn riêng.",
        expected_version=comment.version,
        by=organiser,
        now=now,
    )

    comment.refresh_from_db()
    assert (comment.disposition, comment.responded_by, comment.responded_at) == (
        Disposition.EXPLAINED,
        organiser,
        now,
    )


def test_respond_to_comment_refuses_an_explanation_without_text(
    draft, hanoi_point, hanoi_staff, organiser, now
):
    comment = _comment(draft, hanoi_point, hanoi_staff, now)

    with pytest.raises(ValidationError) as refused:
        guidance.respond_to_comment(
            comment=comment,
            disposition=Disposition.EXPLAINED,
            response="",
            expected_version=comment.version,
            by=organiser,
            now=now,
        )

    assert "response" in refused.value.error_dict
