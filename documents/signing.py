"""An empty, named signature field at the signer's block (pyHanko).

The portal holds no signing key: the Ministry signs the field with its own tool
(e.g. the Government's digital signature software) after downloading the PDF.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from .rendering import Rendered

FIELD_NAME = "ChuKyNguoiKy"
SPACE_ID = "signature-space"  # the element of templates/pdf/_signature.html


def add_signature_field(rendered: Rendered, *, name: str = FIELD_NAME) -> bytes:
    """The PDF with an empty signature field over the element `#signature-space`."""
    anchor = rendered.anchors[SPACE_ID]
    box = (anchor.left, anchor.bottom, anchor.right, anchor.top)
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered.pdf), strict=False)
    fields.append_signature_field(
        writer,
        sig_field_spec=fields.SigFieldSpec(
            sig_field_name=name, on_page=anchor.page, box=box
        ),
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
