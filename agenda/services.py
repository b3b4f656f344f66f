"""Rules on the programme's slots that do not need the database."""

from collections.abc import Iterable
from typing import Any


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
