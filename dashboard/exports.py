"""The 21/11 compile task's files: every delegate as .xlsx, the roll-up as PDF.

The workbook is openpyxl's write-only mode (sheets, widths, frozen and styled
headers, filters); the rows under each header are `common.xlsx.TextRows`, streamed
to disk as SpreadsheetML, so a hundred thousand delegates neither exhaust memory nor
take openpyxl's 17 s of cell objects. Every cell goes through `common.xlsx.safe_cell`
(text cells, formulas neutralised, control characters dropped).
"""

from __future__ import annotations

import os
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
# Rows on a page of the roll-up PDF (static/pdf/rollup.css: one line of 16 pt each,
# under a header of up to two lines; the first page also holds a title of up to
# four lines), and from how many pages it is rendered in parts side by side.
ROWS_ON_FIRST_PAGE = 24
ROWS_PER_PAGE = 28
PARALLEL_FROM_PAGES = 12
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


def _local(moment: datetime | None) -> str:
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
        _local(point.submitted_at),
        _local(point.last_change),
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


def _delegates_in_order(conference: Conference):
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
    agency_labels = {a.value: capfirst(str(a.label)) for a in Agency}
    role_labels = {r.value: capfirst(str(r.label)) for r in DelegateRole}
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
    ) in _delegates_in_order(conference):
        body = bodies[point_id] if per_point else long_body
        body.append((
            body.count + 1, names.get(point_id, ""), name, position,
            other if agency == Agency.OTHER and other
            else agency_labels.get(agency, agency),
            _phone(phone), email, role_labels.get(role, role),
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


def rollup_rows(points, *, yes: str, no: str) -> list[dict]:
    """The roll-up's rows as plain values (what the PDF's pages are made of)."""
    return [
        {
            "code": p.unit.code if p.unit_id else "",
            "name": p.name,
            "region": (p.unit.region if p.unit_id else "") or "",
            "chair": yes if p.has_chair else no,
            "delegates": p.delegate_count,
            "status": ListStatus(p.list_status).label,
            "readiness": Readiness(p.readiness_level).label,
            "submitted_at": p.submitted_at,
        }
        for p in points
    ]


def rollup_pages(rows: list) -> list[dict]:
    """Cut the rows into numbered pages: fewer on the first, under the title."""
    pages, start = [], 0
    while start < len(rows) or not pages:
        size = ROWS_ON_FIRST_PAGE if not pages else ROWS_PER_PAGE
        pages.append({"number": len(pages) + 1, "rows": rows[start : start + size]})
        start += size
    return pages


def build_rollup_pdf(
    *, conference: Conference, now: datetime, jobs: int | None = None
) -> Export:
    """The roll-up of every point as an A4 landscape PDF, through the one renderer."""
    points = points_with_counts(conference=conference, now=now)
    with translation.override("vi"):
        rows = rollup_rows(points, yes=capfirst(_("yes")), no=capfirst(_("no")))
        content = rollup_pdf(conference=conference, rows=rows, now=now, jobs=jobs)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return Export(content=content, file_name=f"tong-hop-{conference.slug}-{stamp}.pdf")


def rollup_pdf(
    *, conference: Conference, rows: list[dict], now: datetime, jobs: int | None = None
) -> bytes:
    """The PDF of `rollup_rows`. From `PARALLEL_FROM_PAGES` pages on it is rendered
    in parts side by side (`jobs` processes, default one per CPU), then joined."""
    from documents.rendering import render_pdf_parts

    pages = rollup_pages(rows)
    jobs = 1 if len(pages) < PARALLEL_FROM_PAGES else (jobs or os.cpu_count() or 1)
    size = -(-len(pages) // jobs)
    title = _("Roll-up of the bridge points")
    return render_pdf_parts(
        template="pdf/dashboard/rollup.html",
        context={
            "conference": conference,
            "count": len(rows),
            "generated_at": now,
            "page_count": len(pages),
        },
        parts=[{"pages": pages[i : i + size]} for i in range(0, len(pages), size)],
        title=f"{title} — {conference.short_title}",
        author=_("Ministry of Home Affairs"),
        subject=conference.title,
        stylesheets=("pdf/rollup.css",),
        timeout_s=300,
    )
