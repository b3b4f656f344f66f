"""LibreOffice's time for the same invitations mail-merged in Word: the issue's yardstick.

Issue #10 asks for the 63 invitations, as one `render_documents` process, in at most
half the time LibreOffice headless takes to convert the same 63 invitations
mail-merged in Word, in one batch. Where `soffice` is installed, `documents_bench`
measures that here instead of quoting the issue's ~4.8 s:

1. each invitation's HTML (the portal's own template, the same words) becomes a
   Word document as a mail merge would give it: Times New Roman 14 pt, the decree's
   margins, the header and closing blocks as two-column tables, bold runs kept;
2. one `soffice --headless --convert-to pdf` converts the 63 files; a first run on
   one file creates LibreOffice's profile, so the timed batch does not pay for it.
   Fontconfig is pointed at the portal's own Liberation Serif (static/fonts), which
   fontconfig's standard aliases give for Times New Roman: the letters are set in
   the same metrics as the portal's, one page each.

Needs python-docx (requirements-dev.txt).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BLOCKS = {"p", "div", "h1", "h2", "h3"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _runs(paragraph, element) -> None:
    """The element's text into `paragraph`, bold where the HTML is bold."""
    if element.text:
        paragraph.add_run(element.text)
    for child in element:
        run = paragraph.add_run(child.text_content())
        classes = (child.get("class") or "").split()
        run.bold = child.tag in {"b", "strong"} or "bold" in classes
        run.italic = child.tag in {"i", "em"} or "italic" in classes
        if child.tail:
            paragraph.add_run(child.tail)


def _paragraph(document, element) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    _runs(paragraph, element)
    if element.tag in {"h1", "h2", "h3"}:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in paragraph.runs:
            run.bold = True
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _table(document, element) -> None:
    rows = element.findall(".//tr")
    columns = max(len(row.findall("td")) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.findall("td")):
            lines = [
                " ".join(part.text_content().split())
                for part in cell
                if part.tag in BLOCKS and part.text_content().strip()
            ] or [" ".join(cell.text_content().split())]
            target = table.cell(r, c)
            target.text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)


def invitation_docx(html: str, path: Path) -> None:
    """Write the invitation `html` as the Word document a mail merge would give."""
    from docx import Document
    from docx.shared import Mm, Pt
    from lxml import html as lxml_html

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    body = lxml_html.document_fromstring(html).find("body")
    for element in body.iter():
        if element.tag == "table":
            _table(document, element)
        elif (
            element.tag in BLOCKS
            and element.getparent() is not None
            and not any(a.tag == "table" for a in element.iterancestors())
            and not any(child.tag in BLOCKS for child in element)
            and element.text_content().strip()
        ):
            _paragraph(document, element)
    document.save(path)


def libreoffice_seconds(htmls: list[str]) -> float | None:
    """Seconds one `soffice` batch takes to convert the invitations, or None."""
    program = soffice()
    if program is None:
        return None
    work = Path(tempfile.mkdtemp(prefix="docbench-lo-"))
    try:
        sources = work / "in"
        sources.mkdir()
        for index, html in enumerate(htmls, start=1):
            invitation_docx(html, sources / f"giay-moi-{index:02d}.docx")
        profile = f"-env:UserInstallation=file://{work / 'profile'}"
        fonts = Path(__file__).resolve().parent.parent / "static" / "fonts"
        (work / "fonts.conf").write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{fonts}</dir><cachedir>{work / 'fc-cache'}</cachedir></fontconfig>"
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")}

        def convert(files: list[Path], out: Path) -> None:
            subprocess.run(
                [program, profile, "--headless", "--convert-to", "pdf"]
                + ["--outdir", str(out), *map(str, files)],
                check=True,
                capture_output=True,
                timeout=600,
                env=env,
            )

        files = sorted(sources.glob("*.docx"))
        convert(files[:1], work / "warm-up")
        started = time.perf_counter()
        convert(files, work / "out")
        elapsed = time.perf_counter() - started
        converted = list((work / "out").glob("*.pdf"))
        assert len(converted) == len(files), f"{len(converted)} of {len(files)}"
        return elapsed
    finally:
        shutil.rmtree(work, ignore_errors=True)
