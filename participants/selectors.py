"""Reads of delegate lists for the province page, exports and history, and the
deadline rule in SQL."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING, TypedDict
from uuid import UUID

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
    When,
)

from conference.models import BridgePoint

from .enums import (
    AGENCY_ORDER,
    DelegateRole,
    ListStatus,
    RegistrationStatus,
    agency_labels,
    agency_name,
)
from .models import Delegate

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


# What with_list_deadline and with_list_status add to each point, for mypy.
class ListDeadline(TypedDict):
    effective_deadline: datetime


class ListStatusFields(ListDeadline):
    has_delegates: bool
    list_status: str


if TYPE_CHECKING:
    PointWithListStatus = WithAnnotations[BridgePoint, ListStatusFields]


def with_list_deadline(
    points: QuerySet[BridgePoint],
) -> "QuerySet[WithAnnotations[BridgePoint, ListDeadline]]":
    """Annotate `effective_deadline`: until when each point's province may change
    its list (`DelegateList.deadline` in SQL).

    The list comes along (`select_related`), so a page reads who submitted it and
    when without a query per point.
    """
    return points.select_related("delegate_list").annotate(
        effective_deadline=Case(
            When(
                delegate_list__deadline_extended_to__isnull=False,
                then=F("delegate_list__deadline_extended_to"),
            ),
            When(
                delegate_list__status=RegistrationStatus.REOPENED,
                then=F("conference__starts_at"),
            ),
            default=F("conference__delegate_list_deadline"),
        )
    )


def with_list_status(
    points: QuerySet[BridgePoint], *, now: datetime
) -> "QuerySet[PointWithListStatus]":
    """Annotate `effective_deadline`, `has_delegates` and `list_status` at `now`.

    The same rule as `DelegateList.deadline` and `DelegateList.status_at`, in SQL,
    so pages and exports can filter, count and sort by status in the database.
    """
    return with_list_deadline(points).annotate(
        has_delegates=Exists(Delegate.objects.filter(point=OuterRef("pk"))),
        list_status=Case(
            When(
                delegate_list__status=RegistrationStatus.SUBMITTED,
                then=Value(ListStatus.SUBMITTED.value),
            ),
            When(effective_deadline__lt=now, then=Value(ListStatus.LATE.value)),
            When(
                delegate_list__status=RegistrationStatus.REOPENED,
                then=Value(ListStatus.REOPENED.value),
            ),
            When(has_delegates=True, then=Value(ListStatus.DRAFT.value)),
            default=Value(ListStatus.NOT_STARTED.value),
            output_field=CharField(),
        ),
    )


def delegates_in_plan_order(*, point) -> QuerySet[Delegate]:
    """The point's delegates by agency in the plan's order, chair first, then as entered."""
    agency_rank = Case(
        *[When(agency=value, then=Value(rank)) for value, rank in AGENCY_ORDER.items()],
        output_field=IntegerField(),
    )
    chair_first = Case(
        When(role=DelegateRole.CHAIR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Delegate.objects.filter(point=point)
        .annotate(agency_rank=agency_rank, chair_first=chair_first)
        .order_by("agency_rank", "agency_other", "chair_first", "id")
    )


@dataclass
class AgencyGroup:
    label: str
    delegates: list[Delegate]


def delegates_grouped_by_agency(*, point) -> list[AgencyGroup]:
    """The point's delegates as groups of one agency each, in the plan's order."""
    delegates = list(delegates_in_plan_order(point=point))
    labels = agency_labels()
    groups = []
    for (agency, other), members in groupby(
        delegates, key=lambda d: (d.agency, d.agency_other)
    ):
        groups.append(
            AgencyGroup(
                label=agency_name(agency, other, labels=labels), delegates=list(members)
            )
        )
    return groups


def chair_of(*, delegates) -> Delegate | None:
    return next((d for d in delegates if d.role == DelegateRole.CHAIR), None)


@dataclass
class ListSummary:
    groups: list[AgencyGroup]
    delegate_count: int
    chair: Delegate | None


def list_summary(*, point) -> ListSummary:
    """The point's delegates by agency in the plan's order, with their count and
    the chair, in one query."""
    groups = delegates_grouped_by_agency(point=point)
    delegates = [d for group in groups for d in group.delegates]
    return ListSummary(
        groups=groups,
        delegate_count=len(delegates),
        chair=chair_of(delegates=delegates),
    )


def delegate_created_with(*, point, token: str | None) -> Delegate | None:
    """The delegate the add form with this one-time token created, if it was saved."""
    try:
        key = UUID(str(token))
    except ValueError:
        return None
    return Delegate.objects.filter(point=point, creation_token=key).first()


@dataclass
class ListDecision:
    """The latest reopening or extension of a list: why, and until when."""

    reason: str
    deadline: datetime
    at: datetime


def latest_decision(*, point) -> ListDecision | None:
    """The reason and new deadline of the list's latest reopening or extension,
    shown at the top of a reopened or extended list's page; None for a list that
    was never reopened nor extended (or was submitted since)."""
    delegate_list = point.delegate_list
    if delegate_list.status == RegistrationStatus.SUBMITTED:
        return None
    if (
        delegate_list.status != RegistrationStatus.REOPENED
        and delegate_list.deadline_extended_to is None
    ):
        return None
    record = (
        delegate_list.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return None
    return ListDecision(
        reason=record.history_change_reason,
        deadline=delegate_list.deadline,
        at=record.history_date,
    )
