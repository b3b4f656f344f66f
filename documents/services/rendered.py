"""The documents the plan names, made from the data: each province's invitation, the
programme, each point's backdrop at every offered size (and its PNG preview)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from common.pdf.render import render_pdf
from common.pdf.signing import FIELD_NAME
from conference.models import BridgePoint, Conference

from .. import selectors
from ..enums import RenderKind
from ..formatting import slug
from ..models import BackdropSize
from . import backdrop as backdrop_layout
from .cache import Spec, StoredDocument, stored

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


def _point_file_part(point: BridgePoint) -> str:
    if point.unit is None:
        return "00-bo-noi-vu"
    return f"{point.unit.code}-{slug(point.unit.name)}"


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
    # The layout is part of the data the cache key hashes: a change to how the
    # title breaks or how large a line is (code, not a template) renders afresh.
    data = selectors.backdrop_data(point, size)
    laid_out = backdrop_layout.layout(data)
    data = {**data, "lines": laid_out.lines, "css": laid_out.css}

    def make() -> bytes:
        return render_pdf(
            template=TEMPLATES[RenderKind.BACKDROP],
            context=data,
            css=data["css"],
            title=f"Maket Hội nghị - {data['point_line']}",
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
    return stored(invitation_spec(point))


def programme(conference: Conference) -> StoredDocument:
    return stored(programme_spec(conference))


def backdrop(point: BridgePoint, size: BackdropSize) -> StoredDocument:
    return stored(backdrop_spec(point, size))


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
