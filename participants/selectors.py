"""Reads of delegate lists for the province page, exports and history."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .enums import AGENCY_ORDER, Agency, DelegateRole
from .models import Delegate


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
    groups = []
    for (agency, other), members in groupby(
        delegates, key=lambda d: (d.agency, d.agency_other)
    ):
        label = other if agency == Agency.OTHER else str(Agency(agency).label)
        groups.append(AgencyGroup(label=label, delegates=list(members)))
    return groups


def chair_of(*, delegates) -> Delegate | None:
    return next((d for d in delegates if d.role == DelegateRole.CHAIR), None)
