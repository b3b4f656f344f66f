"""The 21/11 compile task's spreadsheet: every point and every delegate as .xlsx
(the PDFs are in `dashboard.pdfs`).

The workbook streams (`common.xlsx.Workbook(streaming=True)`, XlsxWriter's
constant-memory mode): each sheet's rows go to disk in order, so a hundred thousand
delegates keep memory flat. Every cell is a text cell written by `common.xlsx`
(formula-like text quote-prefixed, control characters dropped).
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
from xlsxwriter.utility import xl_col_to_name

from common.xlsx import Workbook
from conference.models import BridgePoint, Conference
from participants.enums import (
    AGENCY_ORDER,
    Agency,
    DelegateRole,
    ListStatus,
    agency_labels,
    agency_name,
    role_labels,
)
from participants.models import Delegate
from participants.normalise import format_phone
from readiness.enums import Readiness

from .selectors import points_with_counts

# One sheet per point up to this many points; beyond, one long sheet.
SHEET_PER_POINT_LIMIT = 100
HEADER_STYLE = {
    "bold": True,
    "font_color": "#FFFFFF",
    "bg_color": "#1F4E79",
    "pattern": 1,
    "valign": "vcenter",
    "text_wrap": True,
}
_SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


_MOBILE = re.compile(r"\+84([35789]\d{8})")


def phone_as_written(e164: str) -> str:
    """`format_phone`, with the common case (a mobile) without phonenumbers' parser.

    A hundred thousand numbers through the parser take seconds; a mobile number's
    national form is fixed: 0912 345 678.
    """
    match = _MOBILE.fullmatch(e164 or "")
    if match:
        digits = match.group(1)
        return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"
    return format_phone(e164)


class _Body:
    """The rows under one sheet's header, counted as they are written."""

    def __init__(self, book: Workbook, title: str, columns, header_style):
        self.book, self.sheet = book, book.add_sheet(title)
        self.columns, self.count = len(columns), 0
        for index, (_label, width) in enumerate(columns):
            self.sheet.set_column(index, index, width)
        self.sheet.freeze_panes(1, 0)
        book.write_row(
            self.sheet, row=1, values=[c[0] for c in columns], style=header_style
        )

    def append(self, values) -> None:
        self.count += 1
        self.book.write_row(self.sheet, row=self.count + 1, values=values)

    def close(self) -> None:
        """Put the filter over the header and the rows."""
        last = xl_col_to_name(self.columns - 1)
        self.sheet.autofilter(f"A1:{last}{max(self.count, 1) + 1}")


def summary_columns() -> list[tuple[str, int]]:
    return [
        (_("Code"), 8),
        (_("Bridge point"), 36),
        (_("Region"), 10),
        (_("Chair"), 26),
        (_("Delegates"), 10),
        *[(label, 14) for label in agency_labels().values()],
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
        point.chair_name or "",
        point.delegate_count,
        *[getattr(point, f"agency_{agency.value}") for agency in Agency],
        capfirst(str(ListStatus(point.list_status).label)),
        capfirst(str(Readiness(point.readiness_level).label)),
        point.delegate_list.submitted_at,
        point.last_change,
    ]


def totals_row(points: list[BridgePoint]) -> list:
    """The summary's last row: how many points, chairs and delegates in all."""
    return [
        "",
        _("Total: %(count)s bridge points") % {"count": len(points)},
        "",
        sum(1 for p in points if p.has_chair),
        sum(p.delegate_count for p in points),
        *[
            sum(getattr(p, f"agency_{agency.value}") for p in points)
            for agency in Agency
        ],
        _("%(count)s submitted")
        % {"count": sum(1 for p in points if p.list_status == ListStatus.SUBMITTED)},
        "",
        "",
        "",
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
    """Every delegate on the first sheet, the summary with its totals second, then a
    sheet per point that has delegates (up to SHEET_PER_POINT_LIMIT points)."""
    points = list(points_with_counts(conference=conference, now=now))
    labels_of_agencies = agency_labels()
    labels_of_roles = role_labels()
    book = Workbook(streaming=True)
    header_style = book.style(**HEADER_STYLE)
    totals_style = book.style(bold=True, top=1)

    def body(title: str, columns: list[tuple[str, int]]) -> _Body:
        return _Body(book, title, columns, header_style)

    columns = delegate_columns()
    everyone = body(_("All delegates"), columns)
    summary = body(pgettext("spreadsheet sheet", "Summary"), summary_columns())
    for point in points:
        summary.append(summary_row(point))
    summary.close()
    book.write_row(
        summary.sheet,
        row=summary.count + 2,
        values=totals_row(points),
        style=totals_style,
    )

    names = {p.pk: p.name for p in points}
    bodies: dict[int, _Body] = {}
    if len(points) <= SHEET_PER_POINT_LIMIT:
        used: set[str] = set()
        for point in points:
            if point.delegate_count:
                bodies[point.pk] = body(_sheet_title(point, used), columns)
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
        values = (
            names.get(point_id, ""), name, position,
            agency_name(agency, other, labels=labels_of_agencies),
            phone_as_written(phone), email, labels_of_roles.get(role, role),
        )  # fmt: skip
        everyone.append((everyone.count + 1, *values))
        if (rows := bodies.get(point_id)) is not None:
            rows.append((rows.count + 1, *values))
    for rows in [everyone, *bodies.values()]:
        rows.close()
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return Export(
        content=book.content(),
        file_name=f"dai-bieu-{conference.slug}-{stamp}.xlsx",
    )
