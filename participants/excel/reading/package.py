"""The parts of an uploaded .xlsx that a delegate list is read from.

An .xlsx is a zip of XML parts tied together by the Open Packaging Conventions:
[Content_Types].xml names the workbook part and the shared strings, the workbook
lists its sheets (name, state, relationship id) and its relationships give each
sheet's part. This module follows those links with the standard library, so the
sheets can be bounded (sheet_xml.py) before openpyxl reads any of them, and gives
openpyxl a package holding only those parts: no styles, properties, drawings or
sheets the import never reads, so nothing else costs the request any work.

The container has been checked before (container.py): every part's size is bounded.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, fromstring

from .container import part_too_large, unreadable

# The parts read whole (the manifest, the workbook and their relationships) are
# a few kB in any real workbook.
MAX_STRUCTURE_PART_BYTES = 1024 * 1024

CONTENT_TYPES = "[Content_Types].xml"
_PACKAGE_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_WORKSHEET_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
)


@dataclass(frozen=True)
class SheetPart:
    title: str
    state: str
    path: str


@dataclass
class Package:
    archive: zipfile.ZipFile
    workbook: str
    sheets: list[SheetPart]
    shared_strings: str | None

    def part_size(self, path: str) -> int:
        return self.archive.getinfo(path).file_size

    def readable_subset(self, sheets: list[SheetPart]) -> io.BytesIO:
        """A package of the workbook with only these sheets and the shared strings,
        for openpyxl: the parts of a delegate list, already bounded."""
        parts = [CONTENT_TYPES, "_rels/.rels", self.workbook, _rels_of(self.workbook)]
        if self.shared_strings:
            parts.append(self.shared_strings)
        parts.extend(sheet.path for sheet in sheets)
        names = set(self.archive.namelist())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as subset:
            for part in dict.fromkeys(parts):
                if part in names:
                    subset.writestr(part, self.archive.read(part))
        buffer.seek(0)
        return buffer


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _xml(archive: zipfile.ZipFile, path: str):
    """Parse one structure part, bounded first."""
    size = archive.getinfo(path).file_size
    if size > MAX_STRUCTURE_PART_BYTES:
        raise part_too_large(path, size, MAX_STRUCTURE_PART_BYTES)
    return fromstring(archive.read(path))


def _relationship_targets(archive: zipfile.ZipFile, part: str) -> dict[str, tuple]:
    """Relationship id → (type, part path) of `part`, external links left out."""
    rels = _rels_of(part)
    if rels not in archive.namelist():
        return {}
    folder = posixpath.dirname(part)
    targets = {}
    for rel in _xml(archive, rels).iter(f"{_RELS_NS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = (
            target[1:]
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        targets[rel.get("Id")] = (rel.get("Type", ""), path)
    return targets


def open_package(data: bytes) -> Package:
    """Find the workbook's sheets and shared strings; no sheet is read yet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = _xml(archive, CONTENT_TYPES)
        overrides = {
            o.get("ContentType"): o.get("PartName", "").lstrip("/")
            for o in manifest.iter(f"{_PACKAGE_NS}Override")
        }
        workbook = next(
            (overrides[t] for t in _WORKBOOK_TYPES if t in overrides),
            "xl/workbook.xml",
        )
        names = set(archive.namelist())
        targets = _relationship_targets(archive, workbook)
        sheets = []
        for sheet in _xml(archive, workbook).iter(f"{_MAIN_NS}sheet"):
            kind, path = targets.get(sheet.get(f"{_DOC_RELS_NS}id"), ("", ""))
            if kind == _WORKSHEET_REL and path in names:
                sheets.append(
                    SheetPart(
                        title=sheet.get("name", ""),
                        state=sheet.get("state") or "visible",
                        path=path,
                    )
                )
    except (KeyError, ParseError, zipfile.BadZipFile, ValueError) as exc:
        raise unreadable() from exc
    strings = overrides.get(_SHARED_STRINGS_TYPE)
    return Package(
        archive=archive,
        workbook=workbook,
        sheets=sheets,
        shared_strings=strings if strings in names else None,
    )
