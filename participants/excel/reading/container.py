"""Check an uploaded file before any parser sees it: a plain .xlsx of a sane size.

Size, file type by content (not by name), macros, encryption and how far the zip
expands are refused with a message that tells the user what to do.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A real list of a few thousand rows unpacks to a few MB; these bound a zip bomb
# before any XML is parsed.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
# Any one part (a sheet's XML, the shared strings): a list of 5,000 rows takes
# about 2 MB. Every part the reader parses is bounded by this before it is opened.
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
WORKBOOK_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)


class WorkbookRefused(ValidationError):
    """The upload is not a delegate list this reader accepts; nothing was read."""


def refuse(message: str, code: str) -> WorkbookRefused:
    return WorkbookRefused(message, code=code)


def unreadable() -> WorkbookRefused:
    return refuse(
        _(
            "The workbook could not be read; it may be damaged. Open it in "
            "Excel, save it again as .xlsx and upload it again."
        ),
        "unreadable",
    )


def expands_too_far() -> WorkbookRefused:
    return refuse(
        _(
            "The workbook expands to far more data than a delegate list holds and "
            "was refused. Copy the list into the template and upload that."
        ),
        "expands_too_far",
    )


def part_too_large(part: str, size: int, limit: int) -> WorkbookRefused:
    return refuse(
        _(
            "A part of the workbook (%(part)s) unpacks to %(size)s, more "
            "than the %(limit)s a delegate list needs. Copy the list into "
            "the template and upload that."
        )
        % {
            "part": part,
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        },
        "part_too_large",
    )


def _not_xlsx(file_name: str) -> WorkbookRefused:
    return refuse(
        _(
            "The file “%(name)s” is not an Excel workbook (.xlsx). Open it in Excel, "
            "save it as “Excel Workbook (*.xlsx)” and upload it again."
        )
        % {"name": file_name},
        "not_xlsx",
    )


def read_upload_bytes(upload, *, max_bytes: int) -> bytes:
    """Return the upload's bytes, refusing a file over the size limit unread."""
    too_large = refuse(
        _("The file is larger than the limit of %(limit)s.")
        % {"limit": filesizeformat(max_bytes)},
        "too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise refuse(_("The file is empty."), "empty")
    return data


def check_container(data: bytes, *, file_name: str) -> None:
    """Refuse anything but a plain .xlsx package of a sane unpacked size."""
    if file_name.lower().endswith((".xlsm", ".xltm", ".xlam")):
        raise _macro_refusal()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise refuse(
                _(
                    "The workbook is protected by a password. Remove the password "
                    "(File › Info › Protect Workbook › Encrypt with Password, leave "
                    "it empty), save and upload it again."
                ),
                "encrypted",
            )
        raise refuse(
            _(
                "The file is in the old Excel 97–2003 format (.xls) or another "
                "format that is not .xlsx. Open it in Excel, save it as “Excel "
                "Workbook (*.xlsx)” and upload it again."
            ),
            "legacy_format",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _not_xlsx(file_name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _not_xlsx(file_name) from exc
    _check_expansion(members)
    names = {member.filename.lower(): member for member in members}
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        raise _macro_refusal()
    content_types = names.get("[content_types].xml")
    if content_types is None:
        raise _not_xlsx(file_name)
    try:
        manifest = archive.read(content_types).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise _not_xlsx(file_name) from exc
    if "macroenabled" in manifest.lower() or "vbaproject" in manifest.lower():
        raise _macro_refusal()
    if not any(content_type in manifest for content_type in WORKBOOK_CONTENT_TYPES):
        raise _not_xlsx(file_name)


def _macro_refusal() -> WorkbookRefused:
    return refuse(
        _(
            "The file contains macros (a macro-enabled workbook). For safety only "
            "plain .xlsx workbooks are accepted: save it as “Excel Workbook "
            "(*.xlsx)” and upload it again."
        ),
        "macro",
    )


def _check_expansion(members: list[zipfile.ZipInfo]) -> None:
    # zipfile never inflates a member past its declared size, so the declared
    # sizes bound what openpyxl could unpack.
    too_far = expands_too_far()
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_far
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise too_far
        if member.file_size > MAX_PART_BYTES:
            raise part_too_large(member.filename, member.file_size, MAX_PART_BYTES)
        if (
            member.file_size > RATIO_CHECK_ABOVE_BYTES
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise too_far
