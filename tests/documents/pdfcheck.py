"""Helpers the document tests share: open a PDF and read what a reader would see."""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdf
import tinycss2
from fontTools.ttLib import TTFont

MM = 72 / 25.4


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def flat_text(pdf: bytes) -> str:
    """The text with every run of whitespace (line breaks included) as one space."""
    return " ".join(text(pdf).split())


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[float, float]:
    box = reader(pdf).pages[index].mediabox
    return round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)


def text_extent_mm(pdf: bytes, index: int = 0) -> dict[str, float]:
    """Left, right, top and bottom margins (mm) of the text actually drawn on a page."""
    page = reader(pdf).pages[index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    xs, ys = [], []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            xs.append(x)
            ys.append(y)

    page.extract_text(visitor_text=visit)
    return {
        "left": round(min(xs) / MM, 1),
        "right_of_starts": round((width - max(xs)) / MM, 1),
        "top": round((height - max(ys)) / MM, 1),
        "bottom": round(min(ys) / MM, 1),
    }


def embedded_font_names(pdf: bytes) -> set[str]:
    """The family names inside every embedded font program (not the PDF's labels)."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            data = program.get_object().get_data()
            ttf = TTFont(io.BytesIO(data))
            names.add(ttf["name"].getDebugName(4) or ttf["name"].getDebugName(1))
    return names


def image_count(pdf: bytes) -> int:
    count = 0
    for page in reader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def cached_pdfs() -> int:
    """How many documents the documents' cache holds: one more for each PDF really
    rendered (a document served from the cache adds none)."""
    from pathlib import Path

    from django.conf import settings

    return len(list(Path(settings.MEDIA_ROOT).glob("documents/cache/*/*/*.pdf")))


# --- Margins: what the @page rules declare, and what the PDF draws ---------------

PAGE_NUMBER = re.compile(r"^\d+( / \d+)?$")
LENGTH_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}


@dataclass(frozen=True)
class Margins:
    """A page's margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float


def _length_mm(token, reference_mm: float) -> float:
    if token.type == "dimension" and token.unit.lower() in LENGTH_MM:
        return token.value * LENGTH_MM[token.unit.lower()]
    if token.type == "percentage":
        return token.value / 100 * reference_mm
    if token.type == "number" and token.value == 0:
        return 0.0
    raise ValueError(f"a page margin this check does not read: {token.serialize()}")


def _stylesheet_text(path: str) -> str:
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    assert found, path
    return Path(found).read_text(encoding="utf-8")


def declared_margins(
    *,
    stylesheets: Sequence[str],
    css: str = "",
    page: str | None = None,
    size_mm: tuple[float, float],
) -> Margins:
    """The margins the document's @page rules give a page (not the first, nor a
    :left/:right one) named `page`, in the cascade WeasyPrint applies: the base
    sheets every document gets, then `stylesheets`, then `css`; a named page's rule
    outweighs an unnamed one, and a later rule of the same weight an earlier one.
    Percentages are of the page's width (left, right) or height (top, bottom)."""
    from common.pdf.engine import BASE_STYLESHEETS

    sources = [_stylesheet_text(p) for p in (*BASE_STYLESHEETS, *stylesheets)]
    if css:
        sources.append(css)
    width, height = size_mm
    found: list[tuple[int, int, str, float]] = []  # weight, order, side, mm
    order = 0
    for source in sources:
        for rule in tinycss2.parse_stylesheet(
            source, skip_comments=True, skip_whitespace=True
        ):
            if rule.type != "at-rule" or rule.lower_at_keyword != "page":
                continue
            selector = tinycss2.serialize(rule.prelude).strip()
            if selector not in ("", page or ""):
                continue
            weight = 1 if selector else 0
            for declaration in tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            ):
                if declaration.type != "declaration":
                    continue
                name = declaration.lower_name
                values = [t for t in declaration.value if t.type not in ("whitespace",)]
                order += 1
                if name == "margin":
                    top, right, bottom, left = {
                        1: lambda v: (v[0], v[0], v[0], v[0]),
                        2: lambda v: (v[0], v[1], v[0], v[1]),
                        3: lambda v: (v[0], v[1], v[2], v[1]),
                        4: lambda v: (v[0], v[1], v[2], v[3]),
                    }[len(values)](values)
                    for side, token in zip(
                        ("top", "right", "bottom", "left"),
                        (top, right, bottom, left),
                        strict=True,
                    ):
                        reference = height if side in ("top", "bottom") else width
                        found.append(
                            (weight, order, side, _length_mm(token, reference))
                        )
                elif name in (
                    "margin-top",
                    "margin-right",
                    "margin-bottom",
                    "margin-left",
                ):
                    side = name.removeprefix("margin-")
                    reference = height if side in ("top", "bottom") else width
                    found.append(
                        (weight, order, side, _length_mm(values[0], reference))
                    )
    # CSS's own initial margins of a page are 0; the user agent's (WeasyPrint's
    # 75px) never apply, as base.css sets all four.
    sides = {"top": 0.0, "right": 0.0, "bottom": 0.0, "left": 0.0}
    for _weight, _order, side, mm in sorted(found):
        sides[side] = mm
    return Margins(**sides)


@dataclass(frozen=True)
class Box:
    """Something drawn on a page, in millimetres from the page's top-left corner."""

    page: int
    what: str
    left: float
    top: float
    right: float
    bottom: float


def text_boxes(pdf: bytes) -> list[Box]:
    """Every run of text the PDF draws, as pdfium finds it (one box per run of
    characters on a line), with its text."""
    import pypdfium2

    boxes = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            textpage = page.get_textpage()
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top).strip()
                if text:
                    boxes.append(
                        Box(
                            index + 1,
                            text,
                            left / MM,
                            (height - top) / MM,
                            right / MM,
                            (height - bottom) / MM,
                        )
                    )
    finally:
        document.close()
    return boxes


def path_boxes(pdf: bytes) -> list[Box]:
    """Every line and shape the PDF draws (rules, borders), but a fill of the whole
    page (a page's background, which the margins do not hold)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    boxes = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_width(), page.get_height()
            for item in page.get_objects(max_depth=1):
                if item.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                    continue
                left, bottom, right, top = item.get_bounds()
                if (
                    left <= 0.5
                    and bottom <= 0.5
                    and right >= width - 0.5
                    and top >= height - 0.5
                ):
                    continue
                boxes.append(
                    Box(
                        index + 1,
                        "(rule or shape)",
                        left / MM,
                        (height - top) / MM,
                        right / MM,
                        (height - bottom) / MM,
                    )
                )
    finally:
        document.close()
    return boxes


def margin_crossings(
    pdf: bytes, margins: Margins, *, tolerance_mm: float = 0.3
) -> list[str]:
    """What the PDF draws across the page area's edges, one line each: every text
    run and every rule must lie within the margins, but a page number, which the
    @page rule's margin boxes place in the top or bottom margin (within the left
    and right margins all the same).

    `tolerance_mm` is half a rule's width and pdfium's rounding: a 0.75 pt border
    drawn on the page area's edge reaches 0.13 mm past it."""
    page_w, page_h = page_size_mm(pdf)
    limit_right = page_w - margins.right + tolerance_mm
    limit_bottom = page_h - margins.bottom + tolerance_mm
    crossings = []
    for box in (*text_boxes(pdf), *path_boxes(pdf)):
        where = []
        if box.left < margins.left - tolerance_mm:
            where.append(f"left {box.left:.1f} < {margins.left:g} mm")
        if box.right > limit_right:
            where.append(
                f"right edge at {box.right:.1f} mm > {page_w - margins.right:g} mm"
            )
        in_a_margin_box = PAGE_NUMBER.match(box.what) and (
            box.bottom <= margins.top or box.top >= page_h - margins.bottom
        )
        if not in_a_margin_box:
            if box.top < margins.top - tolerance_mm:
                where.append(f"top {box.top:.1f} < {margins.top:g} mm")
            if box.bottom > limit_bottom:
                where.append(
                    f"bottom edge at {box.bottom:.1f} mm > "
                    f"{page_h - margins.bottom:g} mm"
                )
        if where:
            crossings.append(f"page {box.page}: {box.what!r}: {', '.join(where)}")
    return crossings
