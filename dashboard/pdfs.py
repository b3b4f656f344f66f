"""The 21/11 compile task's PDFs: the roll-up of every point, and the compiled list
of chairs and delegates (`dashboard.compiled`).

Both are long tables whose pages the code cuts (`common.pdf.tables`): every cell
wraps to its whole text, each page knows its number and the total, and from
`PARALLEL_FROM_PAGES` pages on the parts are rendered side by side by the one
renderer (`common.pdf.parts.render_pdf_parts`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.display import local_datetime
from common.pdf import tables
from conference.models import Conference
from documents.enums import IssuedKind
from documents.formatting import place_date_line
from documents.selectors import issued_document
from participants.enums import ListStatus
from readiness.enums import Readiness

from .exports import Export
from .selectors import RollupTotals, points_with_counts, rollup_totals

# Told (pages rendered, pages) as a long PDF's parts are done: a job's progress.
Progress = Callable[[int, int], None]

# From how many pages a PDF is rendered in parts side by side.
PARALLEL_FROM_PAGES = 12
# At most this many pages in a part (so a job's progress moves in steps of it).
PART_PAGES = 20
# Left free at the foot of every page: WeasyPrint's rounding to its pixels.
RESERVE_PT = 3.0

# static/pdf/base.css `@page landscape` and static/pdf/rollup.css.
ROLLUP_PAGE = tables.Page(297, 210, top_mm=15, right_mm=15, bottom_mm=18, left_mm=15)
ROLLUP_TITLE = tables.Text(13, 16.25, bold=True)
ROLLUP_META = tables.Text(10, 12.5, italic=True)
ROLLUP_TITLE_GAP_PT = 4 + 8  # under the title, under the line under it
# The issuing unit's block (templates/pdf/_issued_header.html, static/pdf/issued.css)
# in a box this high when its place and date take one line (`.rollup-issuer`, the
# height set by the template), so the code measures only that line: the rest of
# the decree's header is the same words on every roll-up.
ROLLUP_ISSUER_PT = 66
ROLLUP_PLACE_DATE = tables.Text(14, 17.5, italic=True)  # issued.css td.place-date
ROLLUP_PLACE_DATE_SHARE = 0.62  # of the width: issued.css td.motto
ROLLUP_TOTALS = tables.Text(10, 12.5)
ROLLUP_TOTALS_GAP_PT = 6  # under the totals' lines
ROLLUP_TABLE = tables.Table(
    columns=(
        tables.Column("code", 0.06),
        tables.Column("name", 0.29),
        tables.Column("region", 0.06),
        tables.Column("chair", 0.07),
        tables.Column("delegates", 0.07),
        tables.Column("status", 0.13),
        tables.Column("readiness", 0.19),  # "Đã kiểm tra, còn việc chưa xong"
        tables.Column("submitted_at", 0.13),
    ),
    width_pt=ROLLUP_PAGE.content_width_pt,
    text=tables.Text(10, 12.5),
    pad_x_pt=6,
    pad_y_pt=3,
    border_pt=0.5,
)


def rollup_header() -> dict[str, str]:
    return {
        "code": _("Code"),
        "name": _("Bridge point"),
        "region": _("Region"),
        "chair": _("Chair"),
        "delegates": _("Delegates"),
        "status": _("List status"),
        "readiness": _("Readiness"),
        "submitted_at": _("Submitted at"),
    }


def rollup_rows(points, *, yes: str, no: str) -> list[dict]:
    """The roll-up's rows as the texts the PDF prints."""
    return [
        {
            "code": (p.unit.code if p.unit_id else "") or "—",
            "name": p.name,
            "region": (p.unit.region if p.unit_id else "") or "",
            "chair": yes if p.has_chair else no,
            "delegates": str(p.delegate_count),
            "status": capfirst(str(ListStatus(p.list_status).label)),
            "readiness": capfirst(str(Readiness(p.readiness_level).label)),
            "submitted_at": local_datetime(p.delegate_list.submitted_at)
            if p.delegate_list.submitted_at
            else "",
        }
        for p in points
    ]


def rollup_total_row(totals: RollupTotals) -> dict:
    """The table's last row: the sum or count of each column."""
    return {
        "total": True,
        "code": "",
        "name": translation.ngettext(
            "Total: %(counter)s bridge point",
            "Total: %(counter)s bridge points",
            totals.points,
        )
        % {"counter": totals.points},
        "region": "",
        "chair": str(totals.with_chair),
        "delegates": str(totals.delegates),
        "status": _(
            "%(submitted)s submitted, %(not_submitted)s not submitted, "
            "%(reopened)s reopened"
        )
        % {
            "submitted": totals.submitted,
            "not_submitted": totals.not_submitted,
            "reopened": totals.reopened,
        },
        "readiness": _("%(ready)s ready")
        % {"ready": totals.by_readiness.get(Readiness.READY.value, 0)},
        "submitted_at": "",
    }


def rollup_totals_lines(totals: RollupTotals) -> list[str]:
    """The totals printed under the title, each line a sentence of counts."""
    levels = " · ".join(
        f"{capfirst(str(level.label))} {totals.by_readiness.get(level.value, 0)}"
        for level in Readiness
    )
    return [
        _(
            "Bridge points: %(points)s · with a chair: %(chair)s · without "
            "delegates: %(empty)s · delegates in all: %(delegates)s"
        )
        % {
            "points": totals.points,
            "chair": totals.with_chair,
            "empty": totals.without_delegates,
            "delegates": totals.delegates,
        },
        _(
            "Delegate lists: submitted %(submitted)s · not submitted "
            "%(not_submitted)s (late %(late)s) · reopened %(reopened)s"
        )
        % {
            "submitted": totals.submitted,
            "not_submitted": totals.not_submitted,
            "late": totals.late,
            "reopened": totals.reopened,
        },
        _("Readiness: %(levels)s") % {"levels": levels},
    ]


def rollup_issuer(*, conference: Conference, now: datetime) -> dict[str, str]:
    """The issuing unit's block: the Ministry, Vụ CCHC, and the place and day the
    roll-up was made (the place the conference's invitation is issued from)."""
    place = issued_document(conference, IssuedKind.INVITATION).place
    return {
        "issuing_parent": _("Ministry of Home Affairs"),
        "issuing_body": _("Administrative Reform Department"),
        "number_line": "",
        "place_date": place_date_line(place, timezone.localdate(now)),
    }


def rollup_issuer_height(issuer: Mapping[str, str] | None) -> float:
    """The issuer's box: `ROLLUP_ISSUER_PT`, and a line more for each line more
    that its place and date wrap to."""
    if not issuer:
        return ROLLUP_ISSUER_PT
    width = ROLLUP_PAGE.content_width_pt * ROLLUP_PLACE_DATE_SHARE
    lines = ROLLUP_PLACE_DATE.lines(issuer["place_date"], width)
    return ROLLUP_ISSUER_PT + (lines - 1) * ROLLUP_PLACE_DATE.line_pt


def rollup_meta(*, count: int, now: datetime) -> str:
    return " · ".join(
        (
            _("Roll-up of the bridge points"),
            _("Generated at %(at)s") % {"at": local_datetime(now)},
            translation.ngettext(
                "%(counter)s bridge point", "%(counter)s bridge points", count
            )
            % {"counter": count},
        )
    )


def page_room(page: tables.Page) -> float:
    return page.content_height_pt - RESERVE_PT


def rollup_pages(
    rows: Sequence[dict],
    *,
    title: str,
    meta: str,
    totals: Sequence[str] = (),
    total_row: dict | None = None,
    issuer: Mapping[str, str] | None = None,
) -> list[dict]:
    """The issuing unit (`rollup_issuer`), the title, the totals' lines, then the
    rows and the total row, cut into numbered pages."""
    width = ROLLUP_PAGE.content_width_pt
    opening = ROLLUP_TABLE.opening_height(rollup_header())
    pager = tables.Pager(page_room(ROLLUP_PAGE))
    height = rollup_issuer_height(issuer)
    pager.heading("issuer", height, box_pt=f"{height:.2f}")
    pager.heading(
        "title",
        ROLLUP_TITLE.height(title, width)
        + ROLLUP_META.height(meta, width)
        + ROLLUP_TITLE_GAP_PT,
    )
    if totals:
        pager.heading(
            "totals",
            sum(ROLLUP_TOTALS.height(line, width) for line in totals)
            + ROLLUP_TOTALS_GAP_PT,
            lines=list(totals),
        )
    for row in rows:
        pager.row("rollup", opening, row, ROLLUP_TABLE.row_height(row))
    if total_row is not None:
        pager.row(
            "rollup", opening, total_row, ROLLUP_TABLE.row_height(total_row, bold=True)
        )
    return pager.pages


def build_rollup_pdf(
    *,
    conference: Conference,
    now: datetime,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Export:
    """The roll-up of every point as an A4 landscape PDF, through the one renderer.

    `progress`, when given, is called with (pages rendered, pages) as parts end.
    """
    points = points_with_counts(conference=conference, now=now)
    totals = rollup_totals(conference=conference, now=now)
    with translation.override("vi"):
        rows = rollup_rows(points, yes=capfirst(_("yes")), no=capfirst(_("no")))
        content = rollup_pdf(
            conference=conference,
            rows=rows,
            now=now,
            totals=totals,
            jobs=jobs,
            progress=progress,
        )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return Export(content=content, file_name=f"tong-hop-{conference.slug}-{stamp}.pdf")


def processes_for(pages: list[dict], jobs: int | None) -> int:
    """How many processes render the pages: one below `PARALLEL_FROM_PAGES`."""
    if len(pages) < PARALLEL_FROM_PAGES:
        return 1
    return jobs or os.cpu_count() or 1


def parts_of(pages: list[dict], jobs: int | None) -> list[dict]:
    """The pages in consecutive parts: as many as processes render them, or more,
    of at most `PART_PAGES` pages each, so that a job's progress moves on as each
    part is done. The count is a multiple of the processes, which stay busy alike."""
    processes = processes_for(pages, jobs)
    count = max(processes, -(-len(pages) // PART_PAGES)) if processes > 1 else 1
    count = -(-count // processes) * processes
    size = max(1, -(-len(pages) // count))
    return [{"pages": pages[i : i + size]} for i in range(0, len(pages), size)]


def part_progress(
    parts: list[dict], report: Callable[[int, int], None] | None
) -> Callable[[int], None] | None:
    """`render_pdf_parts`' `on_part` that reports pages done of all pages."""
    if report is None:
        return None
    total = sum(len(part["pages"]) for part in parts)
    done = {"pages": 0}
    report(0, total)

    def on_part(index: int) -> None:
        done["pages"] += len(parts[index]["pages"])
        report(done["pages"], total)

    return on_part


def rollup_pdf(
    *,
    conference: Conference,
    rows: list[dict],
    now: datetime,
    totals: RollupTotals | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The PDF of `rollup_rows` under the issuing unit, with `totals` (under the
    title and as the table's last row) when given, rendered in parts side by
    side from `PARALLEL_FROM_PAGES` pages on (`jobs` processes, default one per
    CPU)."""
    from common.pdf.parts import render_pdf_parts

    meta = rollup_meta(count=len(rows), now=now)
    issuer = rollup_issuer(conference=conference, now=now)
    pages = rollup_pages(
        rows,
        title=conference.title,
        meta=meta,
        totals=rollup_totals_lines(totals) if totals else (),
        total_row=rollup_total_row(totals) if totals else None,
        issuer=issuer,
    )
    title = _("Roll-up of the bridge points")
    parts = parts_of(pages, jobs)
    return render_pdf_parts(
        template="pdf/dashboard/rollup.html",
        context={
            "conference": conference,
            "meta": meta,
            "page_count": len(pages),
            "columns": ROLLUP_TABLE.columns,
            "header": rollup_header(),
            "issuer": issuer,
        },
        parts=parts,
        title=f"{title} — {conference.short_title}",
        author=_("Ministry of Home Affairs"),
        subject=conference.title,
        stylesheets=("pdf/issued.css", "pdf/rollup.css"),
        timeout_s=300,
        processes=processes_for(pages, jobs),
        on_part=part_progress(parts, progress),
    )
