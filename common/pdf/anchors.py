"""Where an element with an `id` landed once the layout is done."""

from __future__ import annotations

from dataclasses import dataclass

# CSS pixels (what WeasyPrint's layout measures) to PDF points.
PT_PER_PX = 0.75


@dataclass(frozen=True)
class Anchor:
    """Where an element with an `id` landed: page index and its box in PDF points
    from the page's bottom-left corner (what pyHanko and pypdf use)."""

    page: int
    left: float
    bottom: float
    right: float
    top: float


def anchors_of(document) -> dict[str, Anchor]:
    """Each `id` of a rendered WeasyPrint document (its first place only), known
    before the PDF is written."""
    anchors: dict[str, Anchor] = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * PT_PER_PX
        for name, (x1, y1, x2, y2) in page.anchors.items():
            anchors.setdefault(
                name,
                Anchor(
                    index,
                    left=x1 * PT_PER_PX,
                    bottom=height_pt - y2 * PT_PER_PX,
                    right=x2 * PT_PER_PX,
                    top=height_pt - y1 * PT_PER_PX,
                ),
            )
    return anchors
