"""A Voffice package for one recipient: the invitation addressed to it and the
common documents as PDF, with a metadata file the Ministry's document system reads
(number, date, signer, recipients).

The metadata is `metadata.json`, UTF-8, keys in ASCII; each file is listed with its
SHA-256 so the clerk who imports it can check nothing changed on the way.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import slugify

from conference.models import BridgePoint
from documents import selectors as documents
from documents.enums import IssuedKind
from documents.services import rendered

from .selectors import published_files

# Only PDF files travel: the document system signs and stores PDFs.
COMMON_SUFFIXES = (".pdf",)


@dataclass(frozen=True)
class Package:
    file_name: str
    content: bytes


def _date(doc) -> str:
    return f"{doc.issued_on:%d/%m/%Y}" if doc.issued_on else ""


def _entry(name: str, kind: str, content: bytes) -> dict:
    return {
        "name": name,
        "kind": kind,
        "bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def package_for(point: BridgePoint) -> Package:
    """The recipient's ZIP: invitation, programme, the published PDF files and
    `metadata.json`."""
    conference = point.conference
    invitation = documents.issued_document(conference, IssuedKind.INVITATION)
    files: list[tuple[str, str, bytes]] = []
    stored = rendered.invitation(point)
    files.append((stored.download_name, "invitation", stored.read()))
    programme = rendered.programme(conference)
    files.append((programme.download_name, "programme", programme.read()))
    for document in published_files(conference=conference):
        name = PurePath(document.file.name).name
        if PurePath(name).suffix.lower() not in COMMON_SUFFIXES:
            continue
        with document.file.open("rb") as handle:
            files.append((name, document.kind, handle.read()))
    metadata = {
        "document": {
            "kind": "invitation",
            "number": invitation.number,
            "symbol": invitation.symbol,
            "number_and_symbol": invitation.number_line.removeprefix("Số: ").strip(),
            "issued_on": _date(invitation),
            "place": invitation.place,
            "issuing_body": invitation.issuing_body,
            "title": invitation.title,
            "excerpt": invitation.excerpt,
            "signer": {
                "authority": invitation.signer_authority,
                "title": invitation.signer_title,
                "name": invitation.signer_name,
            },
        },
        "recipient": {
            "name": documents.addressee(point),
            "province_code": point.unit.code if point.unit_id else "",
        },
        "recipients": [documents.addressee(point), *invitation.recipient_lines],
        "conference": {
            "title": conference.title,
            "plan_number": conference.plan_number,
            "starts_at": conference.starts_at.isoformat(),
        },
        "files": [_entry(name, kind, content) for name, kind, content in files],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, _kind, content in files:
            archive.writestr(name, content)
        archive.writestr(
            "metadata.json",
            json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"),
        )
    code = point.unit.code if point.unit_id else "chinh"
    slug = slugify(point.unit.name if point.unit_id else point.name)
    return Package(file_name=f"voffice-{code}-{slug}.zip", content=buffer.getvalue())
