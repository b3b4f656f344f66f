"""The compiled list of chairs and delegates at every point, as a PDF.

Vụ CCHC's task due the day before the conference (plan II.4): "Tổng hợp thông tin
đăng ký danh sách chủ trì tại các điểm cầu; danh sách đại biểu dự Hội nghị tại các
điểm cầu". Part I lists each point's chair, part II every delegate under their
point, both in the order of the exports (the main point, then by code; by agency in
the plan's order, the chair first), with each one's phone; the points without a
delegate close part II one line each, and a list Vụ CCHC has reopened (not final)
is marked wherever its point is named. A4 portrait in the decree's margins, every text
whole, pages numbered "n / total" and cut by the code (`common.pdf.tables`), so that
the parts render side by side like the roll-up's.

Past `MAX_DELEGATES` (a conference that reaches every commune) the list would run to
thousands of pages: the .xlsx of every delegate is the file for that.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.display import local_datetime
from common.pdf import tables
from conference.models import Conference
from participants.enums import (
    DelegateRole,
    ListStatus,
    agency_labels,
    agency_name,
    role_labels,
)

from .exports import Export, delegates_in_order, phone_as_written
from .pdfs import Progress, page_room, part_progress, parts_of, processes_for
from .selectors import RollupTotals, points_with_counts, rollup_totals

# About 200 pages: what a worker renders well within a job's limit (its time in
# docs/architecture.md); past it, the .xlsx of every delegate is the file to take.
MAX_DELEGATES = 6000

# static/pdf/compiled.css: the page, the headings and the cells, in the same sizes.
PAGE = tables.Page(210, 297, top_mm=20, right_mm=15, bottom_mm=20, left_mm=30)
TITLE = tables.Text(13, 16.25, bold=True)
CONFERENCE = tables.Text(12, 15)
META = tables.Text(10, 12.5, italic=True)
TITLE_GAPS_PT = 4 + 2 + 10  # under the title, the conference, the line under them
SECTION = tables.Text(12, 15, bold=True)
SECTION_GAPS_PT = 10 + 4  # above and under a part's heading
CELL = tables.Text(11, 13.5)
CHAIRS = tables.Table(
    columns=(
        tables.Column("number", 0.06),
        tables.Column("point", 0.27),
        tables.Column("name", 0.24),
        tables.Column("position", 0.26),
        tables.Column("phone", 0.17),  # "+84912345678" on one line
    ),
    width_pt=PAGE.content_width_pt,
    text=CELL,
    pad_x_pt=6,
    pad_y_pt=4,
    border_pt=0.5,
)
DELEGATES = tables.Table(
    columns=(
        tables.Column("number", 0.06),
        tables.Column("name", 0.24),
        tables.Column("position", 0.23),
        tables.Column("agency", 0.19),
        tables.Column("phone", 0.17),
        tables.Column("role", 0.11),
    ),
    width_pt=PAGE.content_width_pt,
    text=CELL,
    pad_x_pt=6,
    pad_y_pt=4,
    border_pt=0.5,
)


class TooManyDelegates(Exception):
    """The conference has more delegates than a printed list can hold."""


def chairs_header() -> dict[str, str]:
    return {
        "number": _("No."),
        "point": _("Bridge point"),
        "name": _("Chair"),
        "position": _("Position"),
        "phone": _("Phone"),
    }


def delegates_header() -> dict[str, str]:
    return {
        "number": _("No."),
        "name": _("Full name"),
        "position": _("Position"),
        "agency": _("Agency"),
        "phone": _("Phone"),
        "role": _("Role"),
    }


def compiled_points(conference: Conference, *, now: datetime) -> list[dict]:
    """Every point with its chair and its delegates, as the texts the PDF prints.

    Two queries for the points and their counts, one for the delegates; raises
    `TooManyDelegates` past `MAX_DELEGATES`, before reading them.
    """
    points = points_with_counts(conference=conference, now=now)
    total = sum(point.delegate_count for point in points)
    if total > MAX_DELEGATES:
        raise TooManyDelegates(total)
    agencies = agency_labels()
    roles = role_labels()
    delegates = defaultdict(list)
    chairs = {}
    for (
        point_id,
        name,
        position,
        agency,
        other,
        phone,
        _email,
        role,
    ) in delegates_in_order(conference):
        listed = delegates[point_id]
        listed.append(
            {
                "number": str(len(listed) + 1),
                "name": name,
                "position": position,
                "agency": agency_name(agency, other, labels=agencies),
                "phone": phone_as_written(phone),
                "role": roles.get(role, role),
            }
        )
        if role == DelegateRole.CHAIR:
            chairs.setdefault(point_id, listed[-1])
    return [
        {
            "name": point.name,
            "reopened": point.list_status == ListStatus.REOPENED,
            "chair": chairs.get(point.pk),
            "delegates": delegates[point.pk],
        }
        for point in points
    ]


def reopened_mark() -> str:
    """Printed after the name of a point whose list is open again: not final."""
    return _("(list reopened)")


def _point_name(point: dict) -> str:
    if point["reopened"]:
        return f"{point['name']} {reopened_mark()}"
    return point["name"]


def compiled_pages(points: list[dict], *, title: str, conference: str, meta: str):
    """The title, part I (a row per point), part II (a heading per point and a row
    per delegate, then one line per point without delegates), cut into numbered
    pages. A heading is never the last line of a page, and a group continued on
    the next page has its heading repeated."""
    width = PAGE.content_width_pt
    pager = tables.Pager(page_room(PAGE))
    pager.heading(
        "title",
        TITLE.height(title, width)
        + CONFERENCE.height(conference, width)
        + META.height(meta, width)
        + TITLE_GAPS_PT,
    )

    chairs_opening = CHAIRS.opening_height(chairs_header())
    chair_rows = [
        {
            "number": str(index),
            "point": _point_name(point),
            "name": point["chair"]["name"] if point["chair"] else _("(not registered)"),
            "position": point["chair"]["position"] if point["chair"] else "",
            "phone": point["chair"]["phone"] if point["chair"] else "",
        }
        for index, point in enumerate(points, start=1)
    ]
    chairs_title = _("I. Chairs at the bridge points")
    pager.heading(
        "part",
        SECTION.height(chairs_title, width) + SECTION_GAPS_PT,
        keep_with_pt=chairs_opening
        + (CHAIRS.row_height(chair_rows[0]) if chair_rows else 0),
        text=chairs_title,
    )
    for row in chair_rows:
        pager.row("chairs", chairs_opening, row, CHAIRS.row_height(row))

    opening = DELEGATES.opening_height(delegates_header())
    delegates_title = _("II. Delegates at the bridge points")
    pager.heading(
        "part",
        SECTION.height(delegates_title, width) + SECTION_GAPS_PT,
        keep_with_pt=opening,
        text=delegates_title,
    )
    listed = [point for point in points if point["delegates"]]
    empty = [point for point in points if not point["delegates"]]
    for index, point in enumerate(listed, start=1):
        count = len(point["delegates"])
        heading = ngettext(
            "%(number)s. %(point)s (%(counter)s delegate)",
            "%(number)s. %(point)s (%(counter)s delegates)",
            count,
        ) % {"number": index, "point": point["name"], "counter": count}
        if point["reopened"]:
            heading = f"{heading} {reopened_mark()}"
        _group(pager, opening, heading, point["delegates"])
    if empty:
        heading = ngettext(
            "No delegates yet (%(counter)s bridge point)",
            "No delegates yet (%(counter)s bridge points)",
            len(empty),
        ) % {"counter": len(empty)}
        rows = [
            {"empty": f"{number}. {_point_name(point)}"}
            for number, point in enumerate(empty, start=len(listed) + 1)
        ]
        _group(pager, opening, heading, rows)
    return pager.pages


def _group(pager: tables.Pager, opening: float, heading: str, rows: list[dict]):
    """A heading across the delegates' table and its rows, the heading repeated
    "(continued)" at the top of each page the rows run on to."""
    pager.row(
        "delegates",
        opening,
        {"group": heading},
        DELEGATES.spanning_row_height(heading, bold=True),
        keep_with_pt=_height(rows[0]),
    )
    for row in rows:
        height = _height(row)
        if not pager.fits("delegates", opening, height):
            pager.new_page()
            continued = _("%(heading)s (continued)") % {"heading": heading}
            pager.row(
                "delegates",
                opening,
                {"group": continued},
                DELEGATES.spanning_row_height(continued, bold=True),
            )
        pager.row("delegates", opening, row, height)


def _height(row: dict) -> float:
    if "empty" in row:
        return DELEGATES.spanning_row_height(row["empty"])
    return DELEGATES.row_height(row)


def compiled_meta(*, totals: RollupTotals, now: datetime) -> str:
    """The line under the title: when, and the counts of the whole conference."""
    return " · ".join(
        (
            _("Compiled at %(at)s") % {"at": local_datetime(now)},
            ngettext(
                "%(counter)s bridge point", "%(counter)s bridge points", totals.points
            )
            % {"counter": totals.points},
            ngettext("%(counter)s delegate", "%(counter)s delegates", totals.delegates)
            % {"counter": totals.delegates},
            ngettext(
                "%(counter)s without delegates",
                "%(counter)s without delegates",
                totals.without_delegates,
            )
            % {"counter": totals.without_delegates},
            ngettext(
                "%(counter)s list reopened",
                "%(counter)s lists reopened",
                totals.reopened,
            )
            % {"counter": totals.reopened},
        )
    )


def compiled_pdf(
    *,
    conference: Conference,
    points: list[dict],
    totals: RollupTotals,
    now: datetime,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    from common.pdf.parts import render_pdf_parts

    title = _("List of the chairs and delegates at the bridge points")
    meta = compiled_meta(totals=totals, now=now)
    pages = compiled_pages(points, title=title, conference=conference.title, meta=meta)
    parts = parts_of(pages, jobs)
    return render_pdf_parts(
        template="pdf/dashboard/compiled.html",
        context={
            "title": title,
            "conference": conference,
            "meta": meta,
            "page_count": len(pages),
            "chairs_columns": CHAIRS.columns,
            "chairs_header": chairs_header(),
            "delegates_columns": DELEGATES.columns,
            "delegates_header": delegates_header(),
            "span": len(DELEGATES.columns),
        },
        parts=parts,
        title=f"{title} — {conference.short_title}",
        author=_("Ministry of Home Affairs"),
        subject=conference.title,
        stylesheets=("pdf/compiled.css",),
        timeout_s=300,
        processes=processes_for(pages, jobs),
        on_part=part_progress(parts, progress),
    )


def build_compiled_pdf(
    *,
    conference: Conference,
    now: datetime,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Export:
    """The compiled list as a PDF; `TooManyDelegates` past `MAX_DELEGATES`.

    `progress`, when given, is called with (pages rendered, pages) as parts end.
    """
    with translation.override("vi"):
        points = compiled_points(conference, now=now)
        content = compiled_pdf(
            conference=conference,
            points=points,
            totals=rollup_totals(conference=conference, now=now),
            now=now,
            jobs=jobs,
            progress=progress,
        )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return Export(
        content=content, file_name=f"danh-sach-dai-bieu-{conference.slug}-{stamp}.pdf"
    )
