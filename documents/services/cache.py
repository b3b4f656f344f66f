"""Rendered documents in storage, keyed by what they are made from.

A document is stored under `documents/cache/<conference>/<kind>/<sha256>.pdf`, the
hash of its data and of what else it depends on (`renderer_fingerprint`): the same
inputs are served from storage, any change renders afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from weasyprint import __version__ as weasyprint_version

from conference.models import Conference


@cache
def renderer_fingerprint() -> str:
    """What else a PDF depends on: templates, stylesheets, fonts, WeasyPrint's version.

    Computed once per process; a deployment that changes any of them renders afresh.
    """
    digest = hashlib.sha256(weasyprint_version.encode())
    # The documents' templates and the partials they include (templates/pdf/, not
    # the other apps' PDFs in its folders).
    for path in sorted((Path(settings.BASE_DIR) / "templates" / "pdf").glob("*.html")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    static = Path(settings.BASE_DIR) / "static"
    for path in sorted((static / "pdf").glob("*.css")) + sorted(
        (static / "fonts").glob("*.ttf")
    ):
        digest.update(path.name.encode())
        digest.update(str(path.stat().st_size).encode())
        if path.suffix == ".css":
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(kind: str, data: dict) -> str:
    payload = json.dumps(
        {"kind": kind, "data": data, "renderer": renderer_fingerprint()},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class StoredDocument:
    """A rendered PDF in storage."""

    name: str  # storage name
    download_name: str
    rendered: bool  # False when served from the cache

    def read(self) -> bytes:
        with default_storage.open(self.name, "rb") as handle:
            return handle.read()


@dataclass(frozen=True)
class Spec:
    """What a document is made from, where it is cached, and how to make it."""

    conference: Conference
    kind: str
    data: dict
    download_name: str
    make: Callable[[], bytes]

    @property
    def name(self) -> str:
        key = cache_key(self.kind, self.data)
        return f"documents/cache/{self.conference.pk}/{self.kind}/{key}.pdf"


def stored(spec: Spec) -> StoredDocument:
    """The spec's document in storage, rendered first unless it is there already."""
    return stored_pdf(spec)[0]


def stored_pdf(spec: Spec) -> tuple[StoredDocument, bytes | None]:
    """The spec's document in storage, rendered first unless it is there already;
    with the bytes when they were just rendered (None when served from storage)."""
    name = spec.name
    if default_storage.exists(name):
        return (
            StoredDocument(name=name, download_name=spec.download_name, rendered=False),
            None,
        )
    pdf = spec.make()
    if not default_storage.exists(name):  # another worker may have just written it
        saved = default_storage.save(name, ContentFile(pdf))
        if saved != name:  # lost a race: keep one copy
            default_storage.delete(saved)
    return (
        StoredDocument(name=name, download_name=spec.download_name, rendered=True),
        pdf,
    )


def pdf_of(spec: Spec) -> tuple[StoredDocument, bytes]:
    """The spec's document and its bytes: rendered now, or read from storage."""
    stored, pdf = stored_pdf(spec)
    return stored, pdf if pdf is not None else stored.read()
