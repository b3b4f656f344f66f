"""Every write on the draft guidance: the draft and its file, its sections, the
provinces' comments and Vụ CCHC's response to each."""

from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.records import sign_change
from common.text import BIDI_CONTROLS, normalise_text
from conference.models import BridgePoint, Conference
from documents.uploads import check_upload

from ..enums import Disposition, DraftStatus
from ..exceptions import Closed, IllegalMove, StaleEdit
from ..models import DraftGuidance, DraftSection, SectionComment

# A draft and a comment's attachment: a PDF or a Word document.
ATTACHMENT_TYPES = (".pdf", ".docx")
D = DraftStatus
DRAFT_TRANSITIONS: dict[str, frozenset[str]] = {
    D.PREPARING: frozenset({D.OPEN}),
    D.OPEN: frozenset({D.CLOSED}),
    D.CLOSED: frozenset({D.OPEN}),  # reopened, e.g. with a later deadline
}


def _check_version(current: int, expected: int | None) -> None:
    if expected is None or expected != current:
        raise StaleEdit(
            _(
                "Someone else changed this while you were editing. Your changes were "
                "not saved: reload the page and make them again."
            ),
            code="stale",
        )


def file_name_of(upload) -> str:
    """The uploaded file's own name, as a download may offer it again: no folders,
    no invisible characters, at most 150 characters with its suffix."""
    name = normalise_text(PurePath(str(upload.name).replace("\\", "/")).name)
    name = "".join(c for c in name if c not in BIDI_CONTROLS and c not in '"/')
    path = PurePath(name or "tep")
    return f"{path.stem[:140]}{path.suffix.lower()[:10]}"


def _attach(field_file, upload) -> None:
    """Check an upload (type by content, size before reading) and store it under
    a name nobody can guess. Called once the row is valid, so a refused row leaves
    no file behind."""
    suffix = check_upload(
        upload,
        suffixes=ATTACHMENT_TYPES,
        max_bytes=settings.DOCUMENT_UPLOAD_MAX_BYTES,
    )
    field_file.save(f"tep{suffix}", upload, save=False)


# ---------------------------------------------------------------- drafts


@transaction.atomic
def create_draft(
    *,
    conference: Conference,
    title: str,
    upload=None,
    comment_deadline: datetime | None = None,
    by,
    now: datetime,
) -> DraftGuidance:
    """Record a draft Vụ CCHC will put to the provinces (prepared, not yet open)."""
    draft = DraftGuidance(
        conference=conference,
        title=title,
        comment_deadline=comment_deadline,
        created_at=now,
        created_by=by,
    )
    draft.full_clean()
    if upload is not None:
        _attach(draft.file, upload)
        draft.file_name = file_name_of(upload)
    sign_change(draft, by=by)
    draft.save()
    return draft


@transaction.atomic
def update_draft(
    *,
    draft: DraftGuidance,
    title: str,
    status: str,
    comment_deadline: datetime | None,
    upload=None,
    expected_version: int | None,
    by,
) -> DraftGuidance:
    """Change a draft's title, file, deadline or consultation (open, close)."""
    draft = DraftGuidance.objects.select_for_update().get(pk=draft.pk)
    _check_version(draft.version, expected_version)
    if status != draft.status and status not in DRAFT_TRANSITIONS[draft.status]:
        raise IllegalMove(
            _("A draft that is “%(from)s” cannot become “%(to)s”.")
            % {"from": D(draft.status).label, "to": D(status).label},
            code="illegal_move",
        )
    if status == D.OPEN and not draft.sections.exists():
        raise IllegalMove(
            _("Add the draft's sections before opening it for comments."),
            code="no_sections",
        )
    draft.title, draft.status, draft.comment_deadline = title, status, comment_deadline
    draft.version += 1
    draft.full_clean()
    if upload is not None:
        _attach(draft.file, upload)
        draft.file_name = file_name_of(upload)
    sign_change(draft, by=by)
    draft.save()
    return draft


def _save_section(section: DraftSection, *, by) -> DraftSection:
    sign_change(section, by=by)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def add_section(
    *, draft: DraftGuidance, title: str, text: str, order: int | None = None, by
) -> DraftSection:
    """Add a section to a draft, after the last one unless `order` says where."""
    DraftGuidance.objects.select_for_update().get(pk=draft.pk)
    if order is None:
        last = draft.sections.aggregate(last=Max("order"))["last"]
        order = (last or 0) + 1
    return _save_section(
        DraftSection(draft=draft, order=order, title=title, text=text), by=by
    )


@transaction.atomic
def update_section(
    *, section: DraftSection, title: str, text: str, order: int, by
) -> DraftSection:
    """Change a section's title, text or place."""
    section = DraftSection.objects.select_for_update().get(pk=section.pk)
    section.title, section.text, section.order = title, text, order
    return _save_section(section, by=by)


@transaction.atomic
def delete_section(*, section: DraftSection) -> None:
    """Remove a section nobody has commented on."""
    section = DraftSection.objects.select_for_update().get(pk=section.pk)
    if section.comments.exists():
        raise IllegalMove(
            _("Provinces have commented on this section: it cannot be removed."),
            code="has_comments",
        )
    section.delete()


# ---------------------------------------------------------------- comments


@transaction.atomic
def add_comment(
    *,
    section: DraftSection,
    point: BridgePoint,
    text: str,
    upload=None,
    by,
    now: datetime,
) -> SectionComment:
    """Record a province's comment on a section, with its file if it sent one."""
    draft = DraftGuidance.objects.select_for_update().get(pk=section.draft_id)
    if draft.conference_id != point.conference_id:
        raise Closed(_("This draft is not of your conference."), code="conference")
    if not draft.is_open_for_comments(now=now):
        raise Closed(_("This draft is no longer open for comments."), code="closed")
    comment = SectionComment(
        conference_id=draft.conference_id,
        section=section,
        point=point,
        text=text,
        created_at=now,
        created_by=by,
    )
    comment.full_clean()
    if upload is not None:
        _attach(comment.attachment, upload)
        comment.attachment_name = file_name_of(upload)
    sign_change(comment, by=by)
    comment.save()
    return comment


@transaction.atomic
def respond_to_comment(
    *,
    comment: SectionComment,
    disposition: str,
    response: str,
    expected_version: int | None,
    by,
    now: datetime,
) -> SectionComment:
    """Record what the drafting unit did with a comment (tiếp thu, giải trình)."""
    comment = SectionComment.objects.select_for_update().get(pk=comment.pk)
    _check_version(comment.version, expected_version)
    if disposition == Disposition.EXPLAINED and not response:
        raise ValidationError(
            {"response": _("Explain why the comment is not accepted.")}
        )
    comment.disposition, comment.response = disposition, response
    if disposition == Disposition.PENDING:
        comment.responded_at, comment.responded_by = None, None
    else:
        comment.responded_at, comment.responded_by = now, by
    comment.version += 1
    sign_change(comment, by=by)
    comment.full_clean()
    comment.save()
    return comment
