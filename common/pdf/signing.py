"""An empty, named signature field at the signer's block.

The portal holds no signing key: the Ministry signs the field with its own tool
(e.g. the Government's digital signature software) after downloading the PDF.

The field is written by WeasyPrint itself, through the public `finisher` option of
`write_pdf` (called with the `pydyf.PDF` before its trailer is written), so the PDF is
made once: no second parse and incremental update. Only public names of both are
used: the finisher's `pdf.objects` (the field's page is the n-th `/Type /Page`
object), `pdf.catalog`, `add_object` and pydyf's object types. The objects are those pyHanko's
`fields.append_signature_field` writes for a visible, empty field (the tests sign the
field with pyHanko and validate the signature):

- the catalog's `/AcroForm << /Fields [field] /SigFlags 1 >>`;
- one merged field and widget dictionary: `/FT /Sig /T (name) /Type /Annot
  /Subtype /Widget /F 132 /Rect [...] /P page`, in the page's `/Annots`; 132 is
  Print (PDF/A wants printable annotations) and Locked, as pyHanko sets;
- an empty form XObject as its normal appearance `/AP << /N ... >>` (PDF/A requires
  every widget to have one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pydyf

if TYPE_CHECKING:
    from .anchors import Anchor

FIELD_NAME = "ChuKyNguoiKy"
SPACE_ID = "signature-space"  # the element of templates/pdf/_signature.html

# pyHanko's flags for a visible signature widget: Print (4) | Locked (128).
ANNOT_FLAGS = 0b10000100
SIG_FLAGS = 1  # SignaturesExist (pyHanko's `ensure_sig_flags(lock_sig_flags=False)`)


def _number(x: float) -> float:
    return round(x, 4)  # pyHanko's `rd`


def page_objects(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    """The PDF's page dictionaries, in page order: the `/Type /Page` objects of the
    document's object list (pydyf's public `PDF.objects`), which WeasyPrint adds one
    page after another."""
    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page"
    ]


def signature_finisher(
    anchors: dict[str, Anchor], *, name: str = FIELD_NAME
) -> Callable[[object, pydyf.PDF], None]:
    """A `write_pdf` finisher adding an empty signature field over `#signature-space`.

    `anchors` are those of the rendered document (`anchors.anchors_of`); a document
    without the element raises KeyError, as pyHanko's post-pass did.
    """
    anchor = anchors[SPACE_ID]
    rect = [_number(v) for v in (anchor.left, anchor.bottom, anchor.right, anchor.top)]
    width = abs(rect[2] - rect[0])
    height = abs(rect[3] - rect[1])

    def finish(document, pdf: pydyf.PDF) -> None:
        page = page_objects(pdf)[anchor.page]
        field = pydyf.Dictionary(
            {
                "FT": "/Sig",
                "T": pydyf.String(name),
                "Type": "/Annot",
                "Subtype": "/Widget",
                "F": ANNOT_FLAGS,
                "Rect": pydyf.Array(rect),
                "P": page.reference,
            }
        )
        if width and height:
            appearance = pydyf.Stream(
                extra={
                    "Type": "/XObject",
                    "Subtype": "/Form",
                    "BBox": pydyf.Array((0, 0, width, height)),
                    "Resources": pydyf.Dictionary(),
                }
            )
            pdf.add_object(appearance)
            field["AP"] = pydyf.Dictionary({"N": appearance.reference})
        pdf.add_object(field)
        if "Annots" not in page:
            page["Annots"] = pydyf.Array()
        page["Annots"].append(field.reference)
        form = pdf.catalog.get("AcroForm")
        if form is None:
            form = pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": pydyf.Array()})
        form["Fields"].append(field.reference)
        form.setdefault("SigFlags", SIG_FLAGS)

    return finish
