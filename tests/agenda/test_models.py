"""AgendaSlot: a slot ends after it starts, on the conference day."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.models import AgendaSlot
from tests import factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(hour: int, minute: int = 0, day: int = 22) -> datetime:
    return datetime(2022, 11, day, hour, minute, tzinfo=VN)


def _slot(conference, start: datetime, end: datetime, **kwargs) -> AgendaSlot:
    return AgendaSlot(
        conference=conference,
        order=kwargs.pop("order", 1),
        starts_at=start,
        ends_at=end,
        content="Tuyên bố lý do, giới thiệu đại biểu",
        **kwargs,
    )


def test_clean_accepts_a_slot_on_the_conference_day(conference):
    slot = _slot(conference, _at(8), _at(8, 10))

    slot.full_clean()
    slot.save()

    assert AgendaSlot.objects.get(pk=slot.pk).time_range == "08:00–08:10"


def test_clean_refuses_a_slot_ending_before_or_when_it_starts(conference):
    for end in (_at(8), _at(7, 50)):
        with pytest.raises(ValidationError) as error:
            _slot(conference, _at(8), end).full_clean()

        assert list(error.value.message_dict) == ["ends_at"]


def test_clean_refuses_a_slot_off_the_conference_day(conference):
    with pytest.raises(ValidationError) as error:
        _slot(conference, _at(8, day=23), _at(8, 10, day=23)).full_clean()

    assert sorted(error.value.message_dict) == ["ends_at", "starts_at"]
    assert "22/11/2022" in error.value.message_dict["starts_at"][0]


def test_clean_refuses_a_slot_running_past_midnight_local_time(conference):
    # 23:50 on the day to 00:10 the next day: the end falls off the day.
    with pytest.raises(ValidationError) as error:
        _slot(conference, _at(23, 50), _at(23, 50) + timedelta(minutes=20)).full_clean()

    assert list(error.value.message_dict) == ["ends_at"]


def test_database_refuses_a_slot_ending_before_it_starts(conference):
    with pytest.raises(IntegrityError), transaction.atomic():
        _slot(conference, _at(9), _at(8)).save()


def test_database_refuses_two_slots_with_the_same_order(conference):
    _slot(conference, _at(8), _at(8, 10), order=1).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        _slot(conference, _at(8, 10), _at(8, 20), order=1).save()


def test_time_range_and_presenter_read_in_local_time(conference):
    slot = factories.AgendaSlotFactory(
        conference=conference,
        starts_at=_at(7, 30),
        ends_at=_at(8),
        presenter_name="Ông Đỗ Quý Tiến",
        presenter_title="Phó Vụ trưởng Vụ CCHC, Bộ Nội vụ",
    )
    unit_only = factories.AgendaSlotFactory(
        conference=conference,
        starts_at=_at(9, 45),
        ends_at=_at(11),
        performing_unit="Các đại biểu dự Hội nghị và trả lời của Vụ CCHC",
    )

    assert slot.time_range == "07:30–08:00"
    assert slot.presenter_display == "Ông Đỗ Quý Tiến, Phó Vụ trưởng Vụ CCHC, Bộ Nội vụ"
    assert (
        unit_only.presenter_display == "Các đại biểu dự Hội nghị và trả lời của Vụ CCHC"
    )
    assert str(unit_only) == f"{unit_only.order}. 09:45–11:00"
