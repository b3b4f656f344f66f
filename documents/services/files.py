"""The scheme and plan files Vụ CCHC uploads and publishes."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conference.enums import DocumentKind
from conference.models import Conference, ConferenceDocument

from ..formatting import nfc, slug
from ..uploads import check_upload

ALLOWED_UPLOADS = (".pdf", ".docx", ".doc")


def upload_file(
    *, conference: Conference, kind: str, title: str, upload, by
) -> ConferenceDocument:
    """Store a scheme or plan file Vụ CCHC uploads (unpublished until published)."""
    suffix = check_upload(
        upload,
        suffixes=ALLOWED_UPLOADS,
        max_bytes=settings.DOCUMENT_UPLOAD_MAX_BYTES,
    )
    if kind not in (DocumentKind.SCHEME, DocumentKind.OTHER):
        raise ValidationError(_("Choose the kind of file."))
    safe_name = f"{slug(Path(upload.name).stem)[:80] or 'tai-lieu'}{suffix}"
    document = ConferenceDocument(
        conference=conference,
        kind=kind,
        title=nfc(title).strip()[:300],
        uploaded_by=by,
    )
    document.file.save(safe_name, upload, save=False)
    document.save()
    return document


def set_published(*, document: ConferenceDocument, published: bool) -> None:
    ConferenceDocument.objects.filter(pk=document.pk).update(is_published=published)
