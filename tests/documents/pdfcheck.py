"""Helpers the document tests share: open a PDF and read what a reader would see."""

import io

import pypdf
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
