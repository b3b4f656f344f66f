"""The plan file's `documents:` section: the issued documents' header data and the
backdrop sizes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conference.models import Conference

from .. import selectors
from ..enums import IssuedKind
from ..formatting import nfc
from ..models import BackdropSize, IssuedDocument

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
    return nfc(str(value)).strip()


def _plan_lines(value, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValidationError({key: [_("expected a list of lines.")]})
    return "\n".join(nfc(x).strip() for x in value)


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
