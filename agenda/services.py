"""The programme's slots: the overlap rule, and writes."""

from collections.abc import Iterable
from typing import Any

from common.records import upsert

from .models import AgendaSlot


def find_overlaps(slots: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Return every pair of slots whose time ranges overlap, earlier slot first.

    A slot is anything with `starts_at` and `ends_at`; ranges are half-open, so a slot
    ending at 08:00 and the next starting at 08:00 do not overlap. Slots missing a
    time (a half-filled form row) are skipped.
    """
    timed = sorted(
        (s for s in slots if s.starts_at is not None and s.ends_at is not None),
        key=lambda s: (s.starts_at, s.ends_at),
    )
    overlaps = []
    for index, earlier in enumerate(timed):
        for later in timed[index + 1 :]:
            if later.starts_at >= earlier.ends_at:
                break
            overlaps.append((earlier, later))
    return overlaps


def save_slot(
    *,
    conference,
    order: int,
    starts_at,
    ends_at,
    content: str,
    presenter_name: str = "",
    presenter_title: str = "",
    performing_unit: str = "",
):
    """Create or update the conference's slot at `order`."""
    return upsert(
        AgendaSlot,
        lookup={"conference": conference, "order": order},
        values={
            "starts_at": starts_at,
            "ends_at": ends_at,
            "content": content,
            "presenter_name": presenter_name,
            "presenter_title": presenter_title,
            "performing_unit": performing_unit,
        },
    )
