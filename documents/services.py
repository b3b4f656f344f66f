"""Every write of the documents app: rendered files in storage, programme versions,
uploaded files, the plan's document data."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from conference.enums import DocumentKind
from conference.models import BridgePoint, Conference, ConferenceDocument
from outbox.services import enqueue_mail

from . import formatting as fmt
from . import selectors
from .enums import IssuedKind, JobStatus, RenderKind
from .models import BackdropSize, IssuedDocument, ProgrammeVersion, RenderJob
from .rendering import render_pdf
from .signing import FIELD_NAME
from .weasy import __version__ as weasyprint_version

logger = logging.getLogger(__name__)

TEMPLATES = {
    RenderKind.INVITATION: "pdf/invitation.html",
    RenderKind.PROGRAMME: "pdf/programme.html",
    RenderKind.BACKDROP: "pdf/backdrop.html",
}
STYLESHEETS = {
    RenderKind.INVITATION: ("pdf/issued.css",),
    RenderKind.PROGRAMME: ("pdf/issued.css",),
    RenderKind.BACKDROP: ("pdf/backdrop.css",),
}
AUTHOR = "Bộ Nội vụ"


# ---------------------------------------------------------------- the cache


@cache
def renderer_fingerprint() -> str:
    """What else a PDF depends on: templates, stylesheets, fonts, WeasyPrint's version.

    Computed once per process; a deployment that changes any of them renders afresh.
    """
    digest = hashlib.sha256(weasyprint_version.encode())
    names = [
        "pdf/base.html",
        "pdf/_issued_header.html",
        "pdf/_signature.html",
        *TEMPLATES.values(),
    ]
    for name in names:
        digest.update(Path(get_template(name).origin.name).read_bytes())
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


# Counted by the tests and the bench: how many PDFs this process really rendered.
render_count = {"n": 0}


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


def _stored(spec: Spec) -> StoredDocument:
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
    render_count["n"] += 1
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


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(fmt.nfc(text).replace("đ", "d").replace("Đ", "D"))


def _point_file_part(point: BridgePoint) -> str:
    if point.unit is None:
        return "00-bo-noi-vu"
    return f"{point.unit.code}-{_slug(point.unit.name)}"


def invitation_spec(point: BridgePoint) -> Spec:
    data = selectors.invitation_data(point)

    def make() -> bytes:
        return render_pdf(
            template=TEMPLATES[RenderKind.INVITATION],
            context=data,
            title=f"Giấy mời - {data['addressee']}",
            author=AUTHOR,
            subject=data["conference"]["title"],
            stylesheets=STYLESHEETS[RenderKind.INVITATION],
            signature_field=FIELD_NAME,
        )

    return Spec(
        conference=point.conference,
        kind=RenderKind.INVITATION,
        data=data,
        download_name=f"giay-moi-{_point_file_part(point)}.pdf",
        make=make,
    )


def programme_spec(conference: Conference) -> Spec:
    data = selectors.programme_data(conference)

    def make() -> bytes:
        return render_pdf(
            template=TEMPLATES[RenderKind.PROGRAMME],
            context=data,
            title="Chương trình Hội nghị",
            author=AUTHOR,
            subject=data["conference"]["title"],
            stylesheets=STYLESHEETS[RenderKind.PROGRAMME],
            signature_field=FIELD_NAME,
        )

    return Spec(
        conference=conference,
        kind=RenderKind.PROGRAMME,
        data=data,
        download_name="chuong-trinh-hoi-nghi.pdf",
        make=make,
    )


def backdrop_spec(point: BridgePoint, size: BackdropSize) -> Spec:
    data = selectors.backdrop_data(point, size)

    def make() -> bytes:
        return render_pdf(
            template=TEMPLATES[RenderKind.BACKDROP],
            context=data,
            css=backdrop_css(data),
            title=f"Maket Hội nghị - {data['last_line']}",
            author=AUTHOR,
            subject=point.conference.title,
            stylesheets=STYLESHEETS[RenderKind.BACKDROP],
        )

    return Spec(
        conference=point.conference,
        kind=RenderKind.BACKDROP,
        data=data,
        download_name=(
            f"maket-{_point_file_part(point)}-{size.width_mm}x{size.height_mm}.pdf"
        ),
        make=make,
    )


def invitation(point: BridgePoint) -> StoredDocument:
    return _stored(invitation_spec(point))


def programme(conference: Conference) -> StoredDocument:
    return _stored(programme_spec(conference))


def backdrop(point: BridgePoint, size: BackdropSize) -> StoredDocument:
    return _stored(backdrop_spec(point, size))


def backdrop_css(data: dict) -> str:
    """The page and font sizes (mm) at which the title lines and the last line fit.

    Computed from the shipped font's advance widths (documents.formatting), so a
    long province name gets a smaller last line, never a second one. Rounded to
    0.1 mm, so backdrops of one size share most of their stylesheet.
    """
    width, height = data["width_mm"], data["height_mm"]
    pad_x = width * 0.05
    inner_w, inner_h = width - 2 * pad_x, height * 0.86
    safety = 0.98  # kerning and rounding
    line_height = 1.35
    title = fmt.fit_font_size(
        data["lines"],
        width=inner_w * safety,
        height=inner_h * 0.74,
        line_height=line_height,
    )
    last = min(
        fmt.fit_font_size(
            [data["last_line"]],
            width=inner_w * safety,
            height=inner_h * 0.14,
            line_height=line_height,
            bold=False,
        ),
        title * 0.75,
    )
    # Centre the block: title lines, a gap of 0.6 of the last line, the last line.
    block = len(data["lines"]) * title * line_height + last * (0.6 + line_height)
    top = max((height - block) / 2, 0)
    # Plain "." decimals: formatted here, not by the Vietnamese-localised template.
    return (
        f"@page backdrop {{ size: {width}mm {height}mm; }}\n"
        f".backdrop-frame {{ padding: {top:.1f}mm {pad_x:.1f}mm 0; }}\n"
        f".backdrop-title {{ font-size: {title:.1f}mm; line-height: {line_height}; }}\n"
        f".backdrop-last {{ font-size: {last:.1f}mm; line-height: {line_height}; }}\n"
    )


def backdrop_preview(stored: StoredDocument, *, width_px: int = 640) -> str:
    """The storage name of a PNG of the backdrop's page, made once per PDF."""
    import pypdfium2

    name = stored.name.removesuffix(".pdf") + f"-{width_px}.png"
    if default_storage.exists(name):
        return name
    pdf = pypdfium2.PdfDocument(stored.read())
    try:
        page = pdf[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
    finally:
        pdf.close()
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


# ---------------------------------------------------------- programme versions


def _diff(before: list[dict], after: list[dict]) -> list[dict]:
    """What changed between two programmes, slot by slot (keyed by the slot's order)."""
    old = {row["order"]: row for row in before}
    new = {row["order"]: row for row in after}
    changes = []
    for order, row in new.items():
        if order not in old:
            changes.append({"change": "added", "tt": row["tt"], "row": row})
            continue
        was = old[order]
        if was["time"] != row["time"]:
            changes.append(
                {
                    "change": "moved",
                    "tt": row["tt"],
                    "from": was["time"],
                    "to": row["time"],
                }
            )
        for field in ("content", "presenter"):
            if was[field] != row[field]:
                changes.append(
                    {
                        "change": "reworded",
                        "tt": row["tt"],
                        "field": field,
                        "from": was[field],
                        "to": row[field],
                    }
                )
    for order, row in old.items():
        if order not in new:
            changes.append({"change": "removed", "tt": row["tt"], "row": row})
    return changes


def _rows_hash(rows: list[dict]) -> str:
    return hashlib.sha256(
        json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def publish_programme(
    *, conference: Conference, by, now: datetime
) -> ProgrammeVersion | None:
    """Record the programme as it stands as a new version and tell the provinces.

    Returns None (nothing recorded, nobody told) when it has not changed since the
    last published version.
    """
    with transaction.atomic():
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        rows = selectors.agenda_rows(conference)
        digest = _rows_hash(rows)
        last = ProgrammeVersion.objects.filter(conference=conference).first()
        if last is not None and last.content_hash == digest:
            return None
        version = ProgrammeVersion.objects.create(
            conference=conference,
            number=(last.number + 1) if last else 1,
            rows=rows,
            changes=_diff(last.rows, rows) if last else [],
            content_hash=digest,
            published_at=now,
            published_by=by,
        )
        recipients = list(
            User.objects.filter(
                role=Role.PROVINCE_STAFF,
                is_active=True,
                province__points__conference=conference,
            )
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if recipients:
            # The provinces print it: the new version travels with the message.
            pdf = programme(conference)
            enqueue_mail(
                attachments=[
                    (
                        f"chuong-trinh-phien-ban-{version.number}.pdf",
                        pdf.read(),
                        "application/pdf",
                    )
                ],
                key=f"programme-{conference.pk}-v{version.number}",
                recipients=recipients,
                template="programme_published",
                context={
                    "conference_title": conference.short_title,
                    "number": version.number,
                    "published_at": f"{timezone.localtime(now):%H:%M %d/%m/%Y}",
                    "changes": describe_changes(version.changes),
                },
            )
    return version


def describe_changes(changes: Iterable[dict]) -> list[str]:
    """The changes of a version as sentences (Vietnamese, for e-mail and the page)."""
    lines = []
    for c in changes:
        if c["change"] == "added":
            lines.append(
                str(_("Added row %(tt)s: %(time)s %(content)s"))
                % {
                    "tt": c["tt"],
                    "time": c["row"]["time"],
                    "content": c["row"]["content"],
                }
            )
        elif c["change"] == "removed":
            lines.append(
                str(_("Removed: %(time)s %(content)s"))
                % {"time": c["row"]["time"], "content": c["row"]["content"]}
            )
        elif c["change"] == "moved":
            lines.append(
                str(_("Row %(tt)s moved from %(old)s to %(new)s"))
                % {"tt": c["tt"], "old": c["from"], "new": c["to"]}
            )
        else:
            lines.append(
                str(_("Row %(tt)s reworded: “%(new)s” (was “%(old)s”)"))
                % {"tt": c["tt"], "old": c["from"], "new": c["to"]}
            )
    return lines


# ---------------------------------------------------------------- files


ALLOWED_UPLOADS = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def upload_file(
    *, conference: Conference, kind: str, title: str, upload, by
) -> ConferenceDocument:
    """Store a scheme or plan file Vụ CCHC uploads (unpublished until published)."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("Only PDF and Word files (.pdf, .docx, .doc) are accepted.")
        )
    if upload.size > settings.DOCUMENT_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.DOCUMENT_UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS[suffix]):
        raise ValidationError(_("The file's content does not match its type."))
    if kind not in (DocumentKind.SCHEME, DocumentKind.OTHER):
        raise ValidationError(_("Choose the kind of file."))
    safe_name = f"{_slug(Path(upload.name).stem)[:80] or 'tai-lieu'}{suffix}"
    document = ConferenceDocument(
        conference=conference,
        kind=kind,
        title=fmt.nfc(title).strip()[:300],
        uploaded_by=by,
    )
    document.file.save(safe_name, upload, save=False)
    document.save()
    return document


def set_published(*, document: ConferenceDocument, published: bool) -> None:
    ConferenceDocument.objects.filter(pk=document.pk).update(is_published=published)


# ---------------------------------------------------------------- plan data


_PLAN_KEYS = {
    "issuing_parent",
    "issuing_body",
    "place",
    "signer",
    "invitation",
    "programme",
    "backdrop_sizes",
}
_DOC_KEYS = {
    "symbol",
    "number",
    "issued_on",
    "title",
    "excerpt",
    "attendees",
    "recipients",
}


def _plan_text(value, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValidationError({key: [_("expected text.")]})
    return fmt.nfc(str(value)).strip()


def _plan_lines(value, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValidationError({key: [_("expected a list of lines.")]})
    return "\n".join(fmt.nfc(x).strip() for x in value)


def _only(data, keys: set[str], where: str) -> dict:
    if not isinstance(data, dict):
        raise ValidationError({where: [_("expected a mapping (key: value).")]})
    unknown = sorted(set(data) - keys)
    if unknown:
        raise ValidationError({f"{where}.{unknown[0]}": [_("unknown key.")]})
    return data


def load_plan_documents(*, conference: Conference, data: dict, shift=None) -> None:
    """Create the issued documents and backdrop sizes the plan file describes.

    Called by the plan loader with the file's `documents:` mapping (see
    documents/apps.py). What the plan gives is written when missing; what an
    administrator has since edited is kept. `shift` moves a plan date the way the
    loader moves the conference (`load_plan --date`).
    """
    data = _only(data, _PLAN_KEYS, "documents")
    signer = _only(data.get("signer") or {}, {"authority", "title", "name"}, "signer")
    common = {
        "issuing_parent": _plan_text(data.get("issuing_parent"), "issuing_parent"),
        "issuing_body": _plan_text(
            data.get("issuing_body") or "BỘ NỘI VỤ", "issuing_body"
        ),
        "place": _plan_text(data.get("place") or "Hà Nội", "place"),
        "signer_authority": _plan_text(signer.get("authority"), "signer.authority"),
        "signer_title": _plan_text(signer.get("title"), "signer.title"),
        "signer_name": _plan_text(signer.get("name"), "signer.name"),
    }
    for kind in IssuedKind:
        if kind.value not in data:
            continue
        section = _only(data[kind.value] or {}, _DOC_KEYS, kind.value)
        issued_on = section.get("issued_on")
        if issued_on is not None and not hasattr(issued_on, "year"):
            raise ValidationError({f"{kind.value}.issued_on": [_("expected a date.")]})
        if issued_on is not None and shift:
            issued_on += shift
        IssuedDocument.objects.get_or_create(
            conference=conference,
            kind=kind,
            defaults={
                **common,
                "symbol": _plan_text(
                    section.get("symbol") or selectors.DEFAULT_SYMBOL[kind],
                    f"{kind.value}.symbol",
                ),
                "number": _plan_text(section.get("number"), f"{kind.value}.number"),
                "issued_on": issued_on,
                "title": _plan_text(section.get("title"), f"{kind.value}.title"),
                "excerpt": _plan_text(section.get("excerpt"), f"{kind.value}.excerpt"),
                "attendees": _plan_lines(
                    section.get("attendees"), f"{kind.value}.attendees"
                ),
                "recipients": _plan_lines(
                    section.get("recipients"), f"{kind.value}.recipients"
                ),
            },
        )
    sizes = data.get("backdrop_sizes") or []
    if not isinstance(sizes, list):
        raise ValidationError({"backdrop_sizes": [_("expected a list.")]})
    for order, size in enumerate(sizes, start=1):
        where = f"backdrop_sizes[{order - 1}]"
        size = _only(size, {"name", "width_mm", "height_mm"}, where)
        width, height = size.get("width_mm"), size.get("height_mm")
        if not (isinstance(width, int) and isinstance(height, int)) or not (
            200 <= width <= 5000 and 100 <= height < width
        ):
            raise ValidationError(
                {where: [_("a landscape size in whole millimetres, 200 to 5000 wide.")]}
            )
        BackdropSize.objects.get_or_create(
            name=_plan_text(size.get("name"), f"{where}.name"),
            defaults={"width_mm": width, "height_mm": height, "order": order},
        )


# ---------------------------------------------------------------- render all


def render_targets(
    conference: Conference, kinds: Iterable[str] = tuple(RenderKind), point_code=None
) -> list[tuple[str, BridgePoint | None, BackdropSize | None]]:
    """Everything "Render all" makes: (kind, point, size) triples."""
    points = list(conference.points.select_related("unit", "conference"))
    if point_code is not None:
        points = [
            p
            for p in points
            if (p.unit and p.unit.code == point_code)
            or (p.is_main and point_code == "main")
        ]
    sizes = list(selectors.backdrop_sizes())
    targets: list[tuple[str, BridgePoint | None, BackdropSize | None]] = []
    if RenderKind.PROGRAMME in kinds:
        targets.append((RenderKind.PROGRAMME, None, None))
    if RenderKind.INVITATION in kinds:
        targets += [(RenderKind.INVITATION, p, None) for p in points if not p.is_main]
    if RenderKind.BACKDROP in kinds:
        targets += [(RenderKind.BACKDROP, p, s) for p in points for s in sizes]
    return targets


def target_spec(conference, kind, point, size) -> Spec:
    if kind == RenderKind.PROGRAMME:
        return programme_spec(conference)
    if kind == RenderKind.INVITATION:
        return invitation_spec(point)
    return backdrop_spec(point, size)


def render_target(conference, kind, point, size) -> StoredDocument:
    return _stored(target_spec(conference, kind, point, size))


# A job's targets as plain ids, as they travel in task messages.
Target = tuple[str, int | None, int | None]
CHUNK = 4  # documents per task: small, so no worker idles long at the end
FOLDERS = {"programme": "", "invitation": "giay-moi/", "backdrop": "maket/"}


def target_ids(targets) -> list[Target]:
    return [
        (kind, point.pk if point else None, size.pk if size else None)
        for kind, point, size in targets
    ]


def _specs(conference: Conference, ids: Iterable[Target]) -> Iterator[Spec]:
    """The specs of many targets, sharing one conference and its header data."""
    points = {}
    for point in conference.points.select_related("unit"):
        point.conference = conference
        points[point.pk] = point
    sizes = {s.pk: s for s in BackdropSize.objects.all()}
    with selectors.memoised(conference):
        for kind, point_id, size_id in ids:
            yield target_spec(
                conference,
                kind,
                points.get(point_id) if point_id else None,
                sizes.get(size_id) if size_id else None,
            )


def specs(conference: Conference, ids: Iterable[Target]) -> list[Spec]:
    """The specs of many targets (their database reads done), e.g. to render them
    in forked processes that then need no database."""
    return list(_specs(conference, ids))


def render_ids(conference: Conference, ids: Iterable[Target]) -> list[StoredDocument]:
    return [_stored(spec) for spec in _specs(conference, ids)]


def start_render_job(*, conference: Conference, by) -> RenderJob:
    """Queue "Render all"; the workers share it out in chunks (documents.tasks)."""
    from .tasks import render_all

    job = RenderJob.objects.create(
        conference=conference,
        requested_by=by,
        total=len(render_targets(conference)),
    )
    transaction.on_commit(lambda: render_all.delay(job_id=job.pk))
    return job


def _zip_name(conference: Conference, specs: list[Spec]) -> str:
    digest = hashlib.sha256("\n".join(s.name for s in specs).encode()).hexdigest()
    return f"documents/zips/{conference.pk}/tai-lieu-{digest[:32]}.zip"


def split_job(job: RenderJob) -> list[list[Target]]:
    """Fix the job's targets and cut them into chunks for the workers.

    When every document and the ZIP of exactly these documents are in storage
    already, the job is done at once and there is nothing to share out.
    """
    conference = job.conference
    ids = target_ids(render_targets(conference))
    specs = list(_specs(conference, ids))
    zip_name = _zip_name(conference, specs)
    if default_storage.exists(zip_name):
        RenderJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            total=len(ids),
            done=len(ids),
            zip_name=zip_name,
            finished_at=timezone.now(),
        )
        return []
    RenderJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, total=len(ids), done=0
    )
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def render_chunk(job: RenderJob, ids: list[Target]) -> bool:
    """Render one chunk, counting each document; True for the chunk that finished
    the job (it alone builds the ZIP)."""
    for spec in _specs(job.conference, ids):
        _stored(spec)
        RenderJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    # Exactly one chunk sees done == total and claims the ZIP.
    return bool(
        RenderJob.objects.filter(
            pk=job.pk, done=F("total"), status=JobStatus.RUNNING, zip_name=""
        ).update(zip_name="…")
    )


def finish_job(job: RenderJob) -> RenderJob:
    """Put every document of the job (all in the cache by now) into one ZIP."""
    conference = job.conference
    targets = render_targets(conference)
    specs = list(_specs(conference, target_ids(targets)))
    name = _zip_name(conference, specs)
    if not default_storage.exists(name):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for spec in specs:
                stored = _stored(spec)
                archive.writestr(
                    FOLDERS[spec.kind] + stored.download_name, stored.read()
                )
        name = default_storage.save(name, ContentFile(buffer.getvalue()))
    RenderJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, zip_name=name, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def fail_job(job: RenderJob, error: Exception) -> None:
    logger.error("Render job %s failed: %s", job.pk, error)
    RenderJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def run_render_job(job: RenderJob) -> RenderJob:
    """The whole job in this process (tests, scripts): split, render, ZIP."""
    try:
        chunks = split_job(job)
        if not chunks:
            job.refresh_from_db()
            return job
        for chunk in chunks:
            render_chunk(job, chunk)
        return finish_job(job)
    except Exception as exc:
        fail_job(job, exc)
        raise
