"""Helpers shared by the Excel tests: workbooks built the way real files look.

This module holds no tests; the Excel test modules import its fixtures and builders.
"""

import io
import unicodedata
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.xlsx_files import HEADER

CHAIR = [
    1,
    "Nguyễn Văn Hùng",
    "Giám đốc",
    "Sở Nội vụ",
    "",
    "0912 345 678",
    "hung.nv@snv.hanoi.gov.vn",
    "Chủ trì",
]
ATTENDEE = [
    2,
    "Trần Thị Mai",
    "Phó Chánh Văn phòng",
    "Văn phòng UBND tỉnh",
    "",
    "0983.456.789",
    "mai.tt@hanoi.gov.vn",
    "Tham dự",
]
GUEST = [
    3,
    "Lê Quang Minh",
    "Trưởng ban",
    "Khác",
    "Ban Dân tộc",
    "+84 904 111 222",
    "",
    "Khách mời",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def workbook_bytes(
    rows,
    *,
    header=HEADER,
    title_rows=(),
    merge_titles=True,
    sheet_title="Danh sách đại biểu",
    merges=(),
) -> bytes:
    """Return an .xlsx with optional title rows above the header, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for title in title_rows:
        sheet.append([title])
        if merge_titles:
            sheet.merge_cells(
                start_row=sheet.max_row,
                start_column=1,
                end_row=sheet.max_row,
                end_column=max(len(header), 2),
            )
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def with_zip_member(data: bytes, name: str, content: bytes, *, replace=None) -> bytes:
    """Return the package with one more member (or `replace` of a member's text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if replace and item.filename == replace[0]:
                payload = replace[1](payload)
            target.writestr(item, payload)
        if name:
            target.writestr(name, content)
    return buffer.getvalue()


def ole_file(*, encrypted: bool) -> bytes:
    """Return bytes that start like an OLE compound file (.xls, or encrypted .xlsx)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    body = b"\x00" * 512
    if encrypted:
        body += "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode(
            "utf-16-le"
        )
    else:
        body += "Workbook".encode("utf-16-le")
    return header + body
