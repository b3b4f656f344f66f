"""Read a delegate list from an uploaded .xlsx, coping with what real files hold.

The container is checked first (container.py): size, file type by content,
macros, encryption and how far the zip and each of its parts expand. The sheets
are read by sheet_xml.py, which bounds the work (declared size, columns, rows,
cells). Then the header row is found among the first rows by its column names,
and each row's cells are turned into the data the delegate form expects.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.worksheet.cell_range import CellRange

from common.xlsx import unquote_cell

from ..enums import Agency, DelegateRole
from ..normalise import clean_text
from .columns import (
    AGENCY_PROVINCE_SUFFIXES,
    AGENCY_SYNONYMS,
    COLUMNS,
    COLUMNS_BY_KEY,
    GUIDE_TITLE,
    LISTS_TITLE,
    REQUIRED_KEYS,
    ROLE_SYNONYMS,
    SHEET_TITLE,
    capitalise,
    fold_key,
)
from .container import (  # noqa: F401  (the container checks are part of the API)
    WorkbookRefused,
    check_container,
    read_upload_bytes,
    refuse,
)
from .sheet_xml import Limits, Package, SheetPart, open_package, read_sheet

HEADER_SCAN_ROWS = 15
# -- the sheet --------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, Any]  # column key → raw cell value


@dataclass
class DelegateSheet:
    sheet_name: str
    header_row: int
    columns: dict[str, str]  # column key → the header text found
    rows: list[SheetRow] = field(default_factory=list)


@dataclass(frozen=True)
class RowData:
    number: int
    data: dict[str, str]  # what the delegate form receives
    errors: tuple[str, ...] = ()


def _header_lookup() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact = {}
    for column in COLUMNS:
        for name in (column.header, *column.synonyms):
            exact.setdefault(fold_key(name), column.key)
    by_length = sorted(exact.items(), key=lambda item: len(item[0]), reverse=True)
    return exact, [(key, value) for key, value in by_length if len(key) >= 4]


def match_header(text, *, lookup=None) -> str | None:
    """Return the column key a header cell names, or None for a column to ignore."""
    exact, prefixes = lookup or _header_lookup()
    key = fold_key(text)
    if not key:
        return None
    if key in exact:
        return exact[key]
    # "Số điện thoại (di động)", "Họ và tên (*)", "Email công vụ".
    for prefix, column_key in prefixes:
        if key.startswith(prefix):
            return column_key
    return None


@dataclass(frozen=True)
class _Header:
    row: int
    columns: dict[int, str]  # column number → column key
    texts: dict[str, str]  # column key → the header text found


def _find_header(rows, lookup) -> _Header | None:
    best = None
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        mapping: dict[int, str] = {}
        texts: dict[str, str] = {}
        for col, value in enumerate(values, start=1):
            if not isinstance(value, str):
                continue
            key = match_header(value, lookup=lookup)
            if key and key not in texts:
                mapping[col] = key
                texts[key] = clean_text(value)
        score = (len(set(REQUIRED_KEYS) & set(texts)), len(texts))
        if len(texts) >= 2 and (best is None or score > best[0]):
            best = (score, _Header(row=number, columns=mapping, texts=texts))
    return best[1] if best else None


def _ordered_sheets(sheets: list[SheetPart]) -> list[SheetPart]:
    sheets = [sheet for sheet in sheets if sheet.state == "visible"]
    skip = {fold_key(GUIDE_TITLE), fold_key(LISTS_TITLE)}
    sheets = [sheet for sheet in sheets if fold_key(sheet.title) not in skip]
    named = [
        sheet for sheet in sheets if fold_key(sheet.title) == fold_key(SHEET_TITLE)
    ]
    return named + [sheet for sheet in sheets if sheet not in named]


def _missing_columns_refusal(found_keys) -> WorkbookRefused:
    missing = [
        COLUMNS_BY_KEY[key].header for key in REQUIRED_KEYS if key not in found_keys
    ]
    return refuse(
        _(
            "No header row with the required columns was found in the first "
            "%(rows)s rows. Missing columns: %(missing)s. Use the template's header "
            "(STT, Họ và tên, Chức vụ, Cơ quan, Tên cơ quan khác, Số điện thoại, "
            "Email, Vai trò)."
        )
        % {"rows": HEADER_SCAN_ROWS, "missing": ", ".join(missing)},
        "no_header",
    )


def _merged_ranges(refs: list[str]) -> list[CellRange]:
    ranges = []
    for ref in refs:
        try:
            ranges.append(CellRange(ref))
        except (ValueError, TypeError):
            continue
    return ranges


class _MergedData:
    """Merged cells below the header: vertical ones fill down, row-wide ones are headings."""

    def __init__(self, ranges: list[CellRange], *, header: _Header):
        self.headings = set()
        self.by_column: dict[int, list[list]] = {}
        for merged in ranges:
            if merged.min_row <= header.row or merged.min_col not in header.columns:
                continue
            mapped = [
                col for col in header.columns if merged.min_col <= col <= merged.max_col
            ]
            if len(mapped) >= 2:
                self.headings.add((merged.min_row, merged.min_col))
            if merged.max_row > merged.min_row:
                self.by_column.setdefault(merged.min_col, []).append(
                    [merged.min_row, merged.max_row, None]
                )
        for spans in self.by_column.values():
            spans.sort()
        self._next = dict.fromkeys(self.by_column, 0)

    def fill(self, number: int, values: list) -> None:
        """Give the cells of row `number` their merged range's value, rows in order."""
        for col, spans in self.by_column.items():
            index = self._next[col]
            while index < len(spans) and spans[index][1] < number:
                index += 1
            self._next[col] = index
            if index == len(spans) or spans[index][0] > number:
                continue
            span = spans[index]
            if span[0] == number:
                span[2] = values[col - 1]
            elif values[col - 1] is None:
                values[col - 1] = span[2]


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value))


def read_delegate_sheet(data: bytes, *, file_name: str, max_rows: int) -> DelegateSheet:
    """Return the delegate rows of a checked .xlsx package, or refuse the file.

    The sheets are read by sheet_xml, which refuses a sheet past the limits (its
    declared size, columns, rows and cells) before the work grows with it.
    """
    limits = Limits(max_rows=max_rows)
    try:
        package = open_package(data, limits=limits)
        return _read_rows(package, limits=limits, max_rows=max_rows)
    except WorkbookRefused:
        raise
    except Exception as exc:  # openpyxl raises anything from KeyError to ParseError
        raise refuse(
            _(
                "The workbook could not be read; it may be damaged. Open it in "
                "Excel, save it again as .xlsx and upload it again."
            ),
            "unreadable",
        ) from exc


def _read_rows(package: Package, *, limits: Limits, max_rows: int) -> DelegateSheet:
    lookup = _header_lookup()
    found = None
    best_keys: set[str] = set()
    for part in _ordered_sheets(package.sheets):
        first = read_sheet(package, part, limits=limits, first_rows=HEADER_SCAN_ROWS)
        header = _find_header(first.rows, lookup)
        if header is None:
            continue
        if set(REQUIRED_KEYS) <= set(header.texts):
            found = (part, header)
            break
        if len(set(header.texts) & set(REQUIRED_KEYS)) >= len(
            best_keys & set(REQUIRED_KEYS)
        ):
            best_keys = set(header.texts)
    if found is None:
        raise _missing_columns_refusal(best_keys)
    part, header = found
    sheet = read_sheet(package, part, limits=limits)
    merged = _MergedData(_merged_ranges(sheet.merges), header=header)
    result = DelegateSheet(
        sheet_name=part.title, header_row=header.row, columns=dict(header.texts)
    )
    last_col = max(header.columns)
    data_cols = [col for col, key in header.columns.items() if key != "index"]
    for number, row in sheet.rows:
        if number <= header.row:
            continue
        values = row[:last_col] + [None] * (last_col - len(row))
        merged.fill(number, values)
        filled = [col for col in data_cols if not _is_empty(values[col - 1])]
        if not filled:
            continue
        if len(filled) == 1 and (number, filled[0]) in merged.headings:
            continue  # a section heading merged across the row ("I. SỞ NỘI VỤ")
        if len(result.rows) >= max_rows:
            raise refuse(
                _(
                    "The file has more than %(limit)s delegate rows, the most one "
                    "upload may hold."
                )
                % {"limit": max_rows},
                "too_many_rows",
            )
        cells = {key: values[col - 1] for col, key in header.columns.items()}
        result.rows.append(SheetRow(number=number, cells=cells))
    if not result.rows:
        raise refuse(
            _("The file has no delegate rows under the header row."), "no_rows"
        )
    return result


# -- the cells --------------------------------------------------------------------


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = unquote_cell(value)  # an exported list imports back as it was
    return clean_text(value)


def _labels(choices) -> dict[str, str]:
    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                labels.setdefault(fold_key(label), value)
    for value in choices.values:
        labels.setdefault(fold_key(value), value)
    return labels


@dataclass
class Vocabulary:
    """The agency and role words a file may use, built once per upload."""

    agencies: dict[str, str]
    roles: dict[str, str]
    suffixes: tuple[str, ...]
    role_labels: list[str]
    prefixes: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        self.prefixes = sorted(
            (
                (word, agency)
                for word, agency in self.agencies.items()
                if agency != Agency.OTHER and len(word) >= 3
            ),
            key=lambda item: -len(item[0]),
        )

    @classmethod
    def build(cls, *, province_name: str = "") -> "Vocabulary":
        agencies = _labels(Agency)
        for agency, words in AGENCY_SYNONYMS.items():
            for word in words:
                agencies.setdefault(fold_key(word), agency)
        roles = _labels(DelegateRole)
        for role, words in ROLE_SYNONYMS.items():
            for word in words:
                roles.setdefault(fold_key(word), role)
        suffixes = AGENCY_PROVINCE_SUFFIXES
        if province_name:
            suffixes = (*suffixes, fold_key(province_name))
        with translation.override("vi"):
            role_labels = [capitalise(label) for label in DelegateRole.labels]
        return cls(
            agencies=agencies, roles=roles, suffixes=suffixes, role_labels=role_labels
        )

    def agency(self, text: str) -> tuple[str, str]:
        """Return (agency, other agency name) for what a cell says."""
        key = fold_key(text)
        if not key:
            return "", ""
        if key in self.agencies:
            return self.agencies[key], ""
        # "Sở Tư pháp tỉnh Nghệ An", "Văn phòng UBND thành phố Hà Nội".
        for word, agency in self.prefixes:
            if key.startswith(word) and key[len(word) :].startswith(self.suffixes):
                return agency, ""
        return Agency.OTHER, text

    def role(self, text: str) -> str | None:
        key = fold_key(text)
        if not key:
            return DelegateRole.ATTENDEE
        return self.roles.get(key)


def row_data(row: SheetRow, *, vocabulary: Vocabulary) -> RowData:
    """Turn one sheet row into the delegate form's data, noting what cannot be read."""
    cells = row.cells
    errors = []
    agency, named_in_cell = vocabulary.agency(_cell_text(cells.get("agency")))
    other = _cell_text(cells.get("agency_other"))
    if agency == Agency.OTHER and named_in_cell:
        other = other or named_in_cell  # "Ban Dân tộc" written in the agency column
    elif agency == Agency.OTHER:
        known, _unused = vocabulary.agency(other)
        if known not in ("", Agency.OTHER):
            # "Khác" with "Sở Tư pháp" written beside it is the Department of Justice.
            agency, other = known, ""
    role_text = _cell_text(cells.get("role"))
    role = vocabulary.role(role_text)
    if role is None:
        errors.append(
            _("%(column)s: “%(value)s” is not a role; use one of %(choices)s.")
            % {
                "column": COLUMNS_BY_KEY["role"].header,
                "value": role_text,
                "choices": ", ".join(vocabulary.role_labels),
            }
        )
        role = role_text  # shown as written; the import checks the row as attendee
    data = {
        "full_name": _cell_text(cells.get("full_name")),
        "position": _cell_text(cells.get("position")),
        "agency": agency,
        "agency_other": other,
        "phone": _cell_text(cells.get("phone")),
        "email": _cell_text(cells.get("email")),
        "role": role,
    }
    return RowData(number=row.number, data=data, errors=tuple(errors))
