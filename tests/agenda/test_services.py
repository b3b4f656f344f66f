"""find_overlaps: which slots of a programme overlap, without the database."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from agenda.services import find_overlaps

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _slot(name: str, start: str | None, end: str | None) -> SimpleNamespace:
    def at(text):
        if text is None:
            return None
        hour, minute = map(int, text.split(":"))
        return datetime(2022, 11, 22, hour, minute, tzinfo=VN)

    return SimpleNamespace(name=name, starts_at=at(start), ends_at=at(end))


def _names(pairs) -> list[tuple[str, str]]:
    return [(a.name, b.name) for a, b in pairs]


def test_find_overlaps_of_the_plan_s_programme_is_empty():
    slots = [
        _slot("1", "07:30", "08:00"),
        _slot("2", "08:00", "08:10"),
        _slot("3", "08:10", "08:20"),
        _slot("4", "08:20", "09:30"),
        _slot("5", "09:30", "09:45"),
        _slot("6", "09:45", "11:00"),
        _slot("7", "11:00", "11:20"),
    ]

    assert find_overlaps(slots) == []


def test_find_overlaps_reports_a_slot_starting_before_the_previous_one_ends():
    slots = [_slot("a", "08:00", "08:15"), _slot("b", "08:10", "08:20")]

    assert _names(find_overlaps(slots)) == [("a", "b")]


def test_find_overlaps_sorts_by_time_whatever_the_input_order():
    slots = [
        _slot("late", "10:00", "11:00"),
        _slot("long", "08:00", "10:30"),
        _slot("inside", "08:30", "09:00"),
        _slot("apart", "11:00", "11:20"),
    ]

    assert _names(find_overlaps(slots)) == [
        ("long", "inside"),
        ("long", "late"),
    ]


def test_find_overlaps_reports_identical_slots():
    slots = [_slot("a", "08:00", "08:10"), _slot("b", "08:00", "08:10")]

    assert _names(find_overlaps(slots)) == [("a", "b")]


def test_find_overlaps_skips_slots_without_both_times():
    slots = [
        _slot("a", "08:00", "09:00"),
        _slot("no end", "08:30", None),
        _slot("no start", None, "08:45"),
    ]

    assert find_overlaps(slots) == []
    assert find_overlaps([]) == []
