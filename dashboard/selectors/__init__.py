"""Reads across the apps for the organiser's dashboard, map and exports (the day
view's in `day`).

Every page runs a fixed number of queries whatever the number of points: statuses
come from `participants.selectors.with_list_status` and
`readiness.selectors.with_readiness` (SQL), counts from `Count` annotations, totals
from one aggregate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from common.text import fold_accents
from conference.models import AdministrativeUnit, BridgePoint, Conference
from participants.enums import Agency, DelegateRole, ListStatus
from participants.models import Delegate
from participants.selectors import with_list_status
from readiness.enums import Readiness
from readiness.selectors import with_readiness


def _in_enum_order(field: str, enum) -> Case:
    """Sort a status by where it stands in its enum (the workflow), not by its code."""
    return Case(
        *[When(**{field: value}, then=Value(rank)) for rank, value in enumerate(enum)],
        default=Value(len(enum)),
        output_field=IntegerField(),
    )


# The columns a user may sort by, and what each sorts on (field names or
# expressions). The main point stays on top; ties fall back to the official code.
SORTS: dict[str, tuple[str | Case, ...]] = {
    "code": ("unit__code",),
    "name": ("unit__search_name",),
    "region": ("unit__region",),
    "chair": ("has_chair", "chair_name"),
    "delegates": ("delegate_count",),
    "status": (_in_enum_order("list_status", ListStatus),),
    "readiness": (_in_enum_order("readiness_level", Readiness),),
    "changed": ("last_change",),
}
DEFAULT_SORT = "code"


@dataclass(frozen=True)
class PointFilters:
    """What the dashboard shows: filters, search and sort, as they stand in the URL."""

    status: str = ""
    readiness: str = ""
    region: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


def _chairs():
    return Delegate.objects.filter(point=OuterRef("pk"), role=DelegateRole.CHAIR)


def _has_chair():
    return Exists(_chairs())


def _chair_name():
    return Subquery(_chairs().order_by("pk").values("full_name")[:1])


def points_with_status(
    *, conference: Conference, now: datetime
) -> QuerySet[BridgePoint]:
    """Every point of the conference with its list status, readiness and chair."""
    return with_readiness(
        with_list_status(BridgePoint.objects.filter(conference=conference), now=now)
    ).annotate(has_chair=_has_chair(), chair_name=_chair_name())


def filter_points(
    points: QuerySet[BridgePoint], filters: PointFilters
) -> QuerySet[BridgePoint]:
    """Narrow the points to the filters and the search (diacritics and case ignored)."""
    if filters.status:
        # list_status and readiness_level: annotations of with_list_status and
        # with_readiness, which the Django plugin does not follow through a function.
        points = points.filter(list_status=filters.status)  # type: ignore[misc]
    if filters.readiness:
        points = points.filter(readiness_level=filters.readiness)  # type: ignore[misc]
    if filters.region:
        points = points.filter(unit__region=filters.region)
    folded = fold_accents(filters.q)
    if folded:
        points = points.filter(
            Q(unit__search_name__contains=folded)
            | Q(unit__code=filters.q.strip())
            | Q(unit__isnull=True, name__icontains=filters.q.strip())
        )
    return points


def count_points(
    *, conference: Conference, now: datetime, filters: PointFilters
) -> int:
    """How many points the filters keep, with only the annotations they need."""
    points = BridgePoint.objects.filter(conference=conference)
    if filters.status:
        points = with_list_status(points, now=now)
    if filters.readiness:
        points = with_readiness(points)
    return filter_points(points, filters).count()


def _ordered(points: QuerySet[BridgePoint], filters: PointFilters):
    expressions = [
        F(field) if isinstance(field, str) else field
        for field in SORTS.get(filters.sort_key, SORTS[DEFAULT_SORT])
    ]
    order = [e.desc() if filters.descending else e.asc() for e in expressions]
    return points.select_related("unit").order_by(
        "-is_main", *order, "unit__code", "pk"
    )


def _per_point(aggregate, **lookups):
    """A per-point aggregate of its delegates as a correlated subquery."""
    return Subquery(
        Delegate.objects.filter(point=OuterRef("pk"), **lookups)
        .order_by()
        .values("point")
        .annotate(value=aggregate)
        .values("value")
    )


def points_for_dashboard(
    *, conference: Conference, now: datetime, filters: PointFilters
) -> QuerySet[BridgePoint]:
    """The filtered, sorted points; their delegate counts come from `with_counts`.

    Without a GROUP BY over every delegate, a page of a hundred rows costs the same
    at 63 points and at 3,321. Only a sort by the count or the last change computes
    them for every point (a subquery per point, on the delegates' point index).
    """
    points = filter_points(points_with_status(conference=conference, now=now), filters)
    if filters.sort_key == "delegates":
        points = points.annotate(
            delegate_count=Coalesce(_per_point(Count("pk")), Value(0))
        )
    elif filters.sort_key == "changed":
        points = points.annotate(
            last_change=Coalesce(
                _per_point(Max("updated_at")), F("delegate_list__submitted_at")
            )
        )
    return _ordered(points, filters)


def with_counts(
    points: list[BridgePoint], *, conference: Conference | None = None
) -> list[BridgePoint]:
    """Set `delegate_count`, `agency_<value>` and `last_change` on the points.

    One query grouped by point: for the page's points, or for every point of
    `conference` when it is given (the exports).
    """
    delegates = (
        Delegate.objects.filter(point__conference=conference)
        if conference is not None
        else Delegate.objects.filter(point__in=[p.pk for p in points])
    )
    rows = (
        delegates.order_by()
        .values("point")
        .annotate(
            total=Count("pk"),
            changed=Max("updated_at"),
            **{f"agency_{a.value}": Count("pk", filter=Q(agency=a)) for a in Agency},
        )
    )
    by_point = {row["point"]: row for row in rows}
    for point in points:
        row = by_point.get(point.pk, {})
        point.delegate_count = row.get("total", 0)  # type: ignore[attr-defined]
        for agency in Agency:
            setattr(
                point, f"agency_{agency.value}", row.get(f"agency_{agency.value}", 0)
            )
        changed = row.get("changed")
        point.last_change = max(  # type: ignore[attr-defined]
            (m for m in (changed, point.delegate_list.submitted_at) if m is not None),
            default=None,
        )
    return points


def points_with_counts(*, conference: Conference, now: datetime) -> list[BridgePoint]:
    """Every point with its statuses and counts: for the exports, not a page.

    Two queries: the points, then their delegates grouped by point (a GROUP BY
    joined to the status annotations costs seconds at 3,321 points).
    """
    points = list(_ordered(points_with_status(conference=conference, now=now),
                           PointFilters()))  # fmt: skip
    return with_counts(points, conference=conference)


def delegate_total(*, conference: Conference) -> int:
    """How many delegates the conference's points have, in one count."""
    return Delegate.objects.filter(point__conference=conference).count()


class Bar(NamedTuple):
    """One bar of the dashboard's totals: a status or readiness level, how many
    points have it, and their share of all points in whole percent."""

    choice: TextChoices
    points: int  # not "count": a tuple's own method
    percent: int


@dataclass
class Totals:
    points: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_readiness: dict[str, int] = field(default_factory=dict)
    no_chair: int = 0
    late: int = 0

    def percent(self, count: int) -> int:
        return round(100 * count / self.points) if self.points else 0

    def status_bars(self) -> list[Bar]:
        """A bar per list status, in the statuses' order."""
        return self._bars(ListStatus, self.by_status)

    def readiness_bars(self) -> list[Bar]:
        """A bar per readiness level, in the levels' order."""
        return self._bars(Readiness, self.by_readiness)

    def _bars(
        self, choices: Iterable[TextChoices], counts: dict[str, int]
    ) -> list[Bar]:
        return [
            Bar(
                choice,
                counts.get(choice.value, 0),
                self.percent(counts.get(choice.value, 0)),
            )
            for choice in choices
        ]


def totals_of(*, conference: Conference, now: datetime) -> Totals:
    """Counts over every point of the conference (not the filtered ones) in one query."""
    points = points_with_status(conference=conference, now=now).filter(is_main=False)
    aggregates = {"total": Count("pk")}
    for status in ListStatus:
        aggregates[f"s_{status.value}"] = Count(
            "pk", filter=Q(list_status=status.value)
        )
    for level in Readiness:
        aggregates[f"r_{level.value}"] = Count(
            "pk", filter=Q(readiness_level=level.value)
        )
    aggregates["no_chair"] = Count("pk", filter=Q(has_chair=False))
    row = points.aggregate(**aggregates)
    return Totals(
        points=row["total"],
        by_status={s.value: row[f"s_{s.value}"] for s in ListStatus},
        by_readiness={r.value: row[f"r_{r.value}"] for r in Readiness},
        no_chair=row["no_chair"],
        late=row[f"s_{ListStatus.LATE.value}"],
    )


@dataclass(frozen=True)
class RollupTotals:
    """The roll-up PDF's and the printed list's totals over every point, the main
    one included (the dashboard's `Totals` count the provinces' points only)."""

    points: int
    submitted: int
    reopened: int
    late: int
    with_chair: int
    without_delegates: int
    delegates: int
    by_readiness: dict[str, int]

    @property
    def not_submitted(self) -> int:
        """Neither final nor reopened: not started, draft or late."""
        return self.points - self.submitted - self.reopened


def rollup_totals(*, conference: Conference, now: datetime) -> RollupTotals:
    """Counts over every point of the conference at `now`: one aggregate over the
    points, one count of the delegates."""
    aggregates = {
        "points": Count("pk"),
        "submitted": Count("pk", filter=Q(list_status=ListStatus.SUBMITTED.value)),
        "reopened": Count("pk", filter=Q(list_status=ListStatus.REOPENED.value)),
        "late": Count("pk", filter=Q(list_status=ListStatus.LATE.value)),
        "with_chair": Count("pk", filter=Q(has_chair=True)),
        "without_delegates": Count("pk", filter=Q(has_delegates=False)),
    }
    for level in Readiness:
        aggregates[f"r_{level.value}"] = Count(
            "pk", filter=Q(readiness_level=level.value)
        )
    row = points_with_status(conference=conference, now=now).aggregate(**aggregates)
    return RollupTotals(
        points=row["points"],
        submitted=row["submitted"],
        reopened=row["reopened"],
        late=row["late"],
        with_chair=row["with_chair"],
        without_delegates=row["without_delegates"],
        delegates=delegate_total(conference=conference),
        by_readiness={r.value: row[f"r_{r.value}"] for r in Readiness},
    )


def regions_of(conference: Conference) -> list[str]:
    """The regions of the conference's unit set, as the data names them."""
    return list(
        AdministrativeUnit.objects.filter(unit_set=conference.unit_set)
        .exclude(region="")
        .values_list("region", flat=True)
        .order_by("region")
        .distinct()
    )


def tiles_of(*, conference: Conference, now: datetime) -> list[dict]:
    """One row per province point for the map: code, name, region, statuses."""
    return list(
        points_with_status(conference=conference, now=now)
        .filter(is_main=False)
        .order_by("unit__code")
        .values(  # type: ignore[misc]  # list_status, readiness_level: annotations
            "pk",
            "name",
            "unit__code",
            "unit__name",
            "unit__region",
            "list_status",
            "readiness_level",
        )
    )
