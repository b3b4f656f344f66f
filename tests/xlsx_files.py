"""Hand-written .xlsx packages, for the attacks on the delegate import and the bench
of its limits (bench/excel_limits_bench.py): sheet XML exactly as given, streamed
into a minimal valid package, so a file can be as hostile or as large as needed
without openpyxl building it."""

import io
import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override '
    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>{strings}</Types>'
)
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="Danh sách đại biểu" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>'
)
STRINGS_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
SPREADSHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {SPREADSHEET_NS}>'
STRINGS_START = f'<?xml version="1.0" encoding="UTF-8"?><sst {SPREADSHEET_NS}>'

# The template's header row (participants.excel), in its columns A to H.
HEADER = [
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Cơ quan",
    "Tên cơ quan khác",
    "Số điện thoại",
    "Email",
    "Vai trò",
]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def raw_xlsx(
    sheet_parts: Iterable[str], *, shared_strings: Iterable[str] | None = None
) -> bytes:
    """A minimal valid .xlsx whose sheet XML (and shared strings' XML, when given)
    is streamed from the parts, whatever their size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        strings = shared_strings is not None
        z.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(strings=STRINGS_TYPE if strings else ""),
        )
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.format(strings=STRINGS_REL if strings else ""),
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode())
        if strings:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
                for part in shared_strings:
                    sst.write(part.encode())
    return buffer.getvalue()


def inline(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    cells = "".join(inline(f"{LETTERS[i]}1", text) for i, text in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'
