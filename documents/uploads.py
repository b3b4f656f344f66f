"""The check every uploaded file passes before it is stored: its type, by its name
and by its content, and its size, before any of it is read.

Used by Vụ CCHC's scheme and plan files (`services.files.upload_file`) and by any app that
takes a document from a user (the provinces' comments on a draft).
"""

import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The first bytes of each type accepted.
MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
# A Word document is a zip package with these parts. Another zip renamed .docx (an
# archive, a workbook) lacks them; a macro-enabled one (.docm renamed) has a VBA part.
DOCX_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})
MACRO_PARTS = frozenset({"word/vbaProject.bin"})


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:  # a plain file object: its end, without reading it
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _is_docx(upload) -> bool:
    """The zip's directory names a Word document's parts (read from the end of the
    file: nothing is unpacked)."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return False
    return DOCX_PARTS <= names and not (MACRO_PARTS & names)


def check_upload(upload, *, suffixes: Iterable[str], max_bytes: int) -> str:
    """Refuse a file of another type than `suffixes`, or over `max_bytes`; return
    its suffix (".pdf").

    The size is the one the upload handler counted: a file over the limit is
    refused before any of it is read. The type is the name's suffix, confirmed by
    the first bytes and, for .docx, by the package's directory.
    """
    suffixes = tuple(suffixes)
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in suffixes or suffix not in MAGIC:
        raise ValidationError(
            _("Only these files are accepted: %(types)s.")
            % {"types": ", ".join(suffixes)},
            code="type",
        )
    size = _size(upload)
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    matches = any(head.startswith(magic) for magic in MAGIC[suffix])
    if matches and suffix == ".docx":
        matches = _is_docx(upload)
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content does not match its type."), code="content"
        )
    return suffix
