"""Reading an uploaded delegate list, in the order the bytes go through it.

`container` checks the file before any parser sees it (size, type by content,
macros, encryption, how far the zip expands); `package` finds the parts a list is
read from; `sheet_xml` bounds each of them before openpyxl reads it; `reader`
finds the header row and reads the rows; `cells` turns one row's cells into the
data the delegate form expects.
"""

from .cells import RowData, Vocabulary, row_data, unknown_role_message
from .container import WorkbookRefused, check_container, read_upload_bytes
from .reader import match_header, read_delegate_file, read_delegate_sheet

__all__ = [
    "RowData",
    "Vocabulary",
    "WorkbookRefused",
    "check_container",
    "match_header",
    "read_delegate_file",
    "read_delegate_sheet",
    "read_upload_bytes",
    "row_data",
    "unknown_role_message",
]
