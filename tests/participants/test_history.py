"""The history page speaks in values people read, never in stored ones."""

from datetime import UTC, datetime

import pytest

from participants import services
from participants.enums import DelegateRole
from participants.history import history_of_point
from tests.factories import DelegateFactory, province_staff

SUBMITTED_AT = datetime(2026, 11, 27, 7, 54, 3, 345012, tzinfo=UTC)  # 14:54 in Hà Nội


@pytest.fixture
def submitted(open_conference, hanoi_point):
    user = province_staff(
        hanoi_point.unit, username="snv-01-lichsu", first_name="Trần An"
    )
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    services.submit_delegate_list(point=hanoi_point, by=user, now=SUBMITTED_AT)
    return user


def _changes(point) -> dict[str, tuple[str, str]]:
    entry = next(e for e in history_of_point(point=point) if e.changes)
    return {change.label: (change.old, change.new) for change in entry.changes}


def test_history_shows_local_time_person_and_label(submitted, hanoi_point):
    changes = _changes(hanoi_point)

    assert changes["Gửi lúc"] == ("—", "27/11/2026 14:54")
    assert changes["Người gửi"] == ("—", "Trần An (Tỉnh Hà Nội)")
    assert changes["Trạng thái danh sách"] == ("Đang soạn", "Đã gửi")


def test_history_names_who_acted_by_name_and_unit(submitted, hanoi_point):
    entry = next(e for e in history_of_point(point=hanoi_point) if e.changes)
    assert entry.who == "Trần An (Tỉnh Hà Nội)"


def test_history_shows_phones_in_the_national_form(
    open_conference, hanoi_point, hanoi_staff
):
    services.update_point_details(
        point=hanoi_point,
        data={"technical_contact_phone": "+84912345678"},
        expected_version=None,
        by=hanoi_staff,
        now=SUBMITTED_AT,
    )
    assert _changes(hanoi_point)["Điện thoại cán bộ kỹ thuật"] == (
        "—",
        "0912 345 678",
    )
