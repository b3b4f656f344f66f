"""The 21/11 compile task's spreadsheet: every point and every delegate as .xlsx
(the PDFs are in `dashboard.pdfs`).

The workbook is openpyxl's write-only mode (sheets, widths, frozen and styled
headers, filters); the rows under each header are `common.xlsx.TextRows`, streamed
to disk as SpreadsheetML, so a hundred thousand delegates neither exhaust memory nor
take openpyxl's 17 s of cell objects. Every cell goes through `common.xlsx.safe_cell`
(text cells, formulas neutralised, control characters dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.xlsx import TextRows, string_cell, workbook_bytes, write_only_workbook
from conference.enums import ListStatus
from conference.models import BridgePoint, Conference
from participants.enums import AGENCY_ORDER, Agency, DelegateRole
from participants.models import Delegate
from participants.normalise import format_phone
from readiness.enums import Readiness

from .selectors import points_with_counts

# One sheet per point up to this many points; beyond, one long sheet.
SHEET_PER_POINT_LIMIT = 100
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


_MOBILE = re.compile(r"\+84([35789]\d{8})")


def _phone(e164: str) -> str:
    """`format_phone`, with the common case (a mobile) without phonenumbers' parser.

    A hundred thousand numbers through the parser take seconds; a mobile number's
    national form is fixed: 0912 345 678.
    """
    match = _MOBILE.fullmatch(e164 or "")
    if match:
        digits = match.group(1)
        return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"
    return format_phone(e164)


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _header(sheet, labels: list[str], widths: list[int]) -> None:
    """Frozen, filtered, styled header row with column widths; before any row."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    cells = []
    for label in labels:
        cell = string_cell(sheet, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    sheet.append(cells)


def _filter(sheet, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1) + 1}"


def summary_columns() -> list[tuple[str, int]]:
    return [
        (_("Code"), 8),
        (_("Bridge point"), 36),
        (_("Region"), 10),
        (_("Chair"), 10),
        (_("Delegates"), 10),
        *[(str(agency.label), 14) for agency in Agency],
        (_("List status"), 16),
        (_("Readiness"), 18),
        (_("Submitted at"), 18),
        (_("Last change"), 18),
    ]


def summary_row(point: BridgePoint) -> list:
    return [
        point.unit.code if point.unit_id else "",
        point.name,
        point.unit.region if point.unit_id else "",
        capfirst(_("yes") if point.has_chair else _("no")),
        point.delegate_count,
        *[getattr(point, f"agency_{agency.value}") for agency in Agency],
        capfirst(str(ListStatus(point.list_status).label)),
        capfirst(str(Readiness(point.readiness_level).label)),
        local_time(point.submitted_at),
        local_time(point.last_change),
    ]


def delegate_columns() -> list[tuple[str, int]]:
    return [
        (_("No."), 6),
        (_("Bridge point"), 30),
        (_("Full name"), 28),
        (_("Position"), 32),
        (_("Agency"), 30),
        (_("Phone"), 16),
        (_("Email"), 28),
        (_("Role"), 12),
    ]


def delegates_in_order(conference: Conference):
    """Every delegate as a tuple (point id, name, position, agency, other agency,
    phone, e-mail, role): by point as the exports list them, in the plan's order
    of agencies, each agency's chair first."""
    agency_rank = Case(
        *[When(agency=v, then=Value(r)) for v, r in AGENCY_ORDER.items()],
        output_field=IntegerField(),
    )
    chair_first = Case(
        When(role=DelegateRole.CHAIR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Delegate.objects.filter(point__conference=conference)
        .annotate(agency_rank=agency_rank, chair_first=chair_first)
        .order_by("-point__is_main", "point__unit__code", "point_id", "agency_rank",
                  "agency_other", "chair_first", "id")
        .values_list(
            "point_id", "full_name", "position", "agency", "agency_other",
            "phone", "email", "role",
        )
        .iterator(chunk_size=5000)
    )  # fmt: skip


def agency_labels() -> dict[str, str]:
    return {a.value: capfirst(str(a.label)) for a in Agency}


def role_labels() -> dict[str, str]:
    return {r.value: capfirst(str(r.label)) for r in DelegateRole}


def agency_text(agency: str, other: str, labels: dict[str, str]) -> str:
    """The delegate's agency as listed: the unit typed in for "other"."""
    if agency == Agency.OTHER and other:
        return other
    return labels.get(agency, agency)


def _sheet_title(point: BridgePoint, used: set[str]) -> str:
    base = _SHEET_TITLE_ILLEGAL.sub(" ", f"{point.unit.code if point.unit_id else '00'} "
                                         f"{point.unit.name if point.unit_id else point.name}")[:31]  # fmt: skip
    title, n = base, 2
    while title in used:
        title = f"{base[:28]}~{n}"
        n += 1
    used.add(title)
    return title


@dataclass
class Export:
    content: bytes
    file_name: str


def build_delegates_workbook(*, conference: Conference, now: datetime) -> Export:
    """Every delegate of the conference: a summary sheet, then the delegates."""
    with translation.override("vi"):
        return _build(conference=conference, now=now)


def _build(*, conference: Conference, now: datetime) -> Export:
    points = list(points_with_counts(conference=conference, now=now))
    labels_of_agencies = agency_labels()
    labels_of_roles = role_labels()
    workbook = write_only_workbook()

    summary = workbook.create_sheet(pgettext("spreadsheet sheet", "Summary"))
    columns = summary_columns()
    _header(summary, [c[0] for c in columns], [c[1] for c in columns])
    summary_rows = TextRows(summary)
    for point in points:
        summary_rows.append(summary_row(point))
    _filter(summary, len(columns), len(points))

    columns = delegate_columns()
    labels, widths = [c[0] for c in columns], [c[1] for c in columns]
    per_point = len(points) <= SHEET_PER_POINT_LIMIT
    names = {p.pk: p.name for p in points}
    bodies: dict[int, TextRows] = {}
    if per_point:
        used: set[str] = set()
        for point in points:
            sheet = workbook.create_sheet(_sheet_title(point, used))
            _header(sheet, labels, widths)
            bodies[point.pk] = TextRows(sheet)
    else:
        long_sheet = workbook.create_sheet(_("Delegates"))
        _header(long_sheet, labels, widths)
        long_body = TextRows(long_sheet)
    for (
        point_id,
        name,
        position,
        agency,
        other,
        phone,
        email,
        role,
    ) in delegates_in_order(conference):
        body = bodies[point_id] if per_point else long_body
        body.append((
            body.count + 1, names.get(point_id, ""), name, position,
            agency_text(agency, other, labels_of_agencies),
            _phone(phone), email, labels_of_roles.get(role, role),
        ))  # fmt: skip
    if not per_point:
        bodies[0] = long_body
    for body in bodies.values():
        _filter(body.sheet, len(columns), body.count)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return Export(
        content=workbook_bytes(workbook, [summary_rows, *bodies.values()]),
        file_name=f"dai-bieu-{conference.slug}-{stamp}.xlsx",
    )
