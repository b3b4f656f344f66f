"""The history page speaks in values people read, never in stored ones."""

from datetime import UTC, datetime, timedelta

import pytest

from participants import services
from participants.enums import DelegateRole
from participants.history import history_of_point
from tests.factories import DelegateFactory, province_staff
from tests.factories import organiser as organiser_factory

SUBMITTED_AT = datetime(2026, 11, 27, 7, 54, 3, 345012, tzinfo=UTC)  # 14:54 in Hà Nội


@pytest.fixture
def submitted(open_conference, hanoi_point):
    user = province_staff(
        hanoi_point.unit, username="snv-01-lichsu", first_name="Trần An"
    )
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    hanoi_point.refresh_from_db()
    services.submit_delegate_list(
        point=hanoi_point,
        by=user,
        now=SUBMITTED_AT,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    return user


def _changes(point) -> dict[str, tuple[str, str]]:
    entry = next(e for e in history_of_point(point=point) if e.changes)
    return {change.label: (change.old, change.new) for change in entry.changes}


def test_history_shows_local_time_person_and_label(submitted, hanoi_point):
    changes = _changes(hanoi_point)

    assert changes["Gửi lúc"] == ("—", "27/11/2026 14:54")
    assert changes["Người gửi"] == ("—", "Trần An (Sở Nội vụ tỉnh Hà Nội)")
    assert changes["Trạng thái danh sách"] == ("Đang soạn", "Đã gửi")


def test_history_names_who_acted_by_name_and_unit(submitted, hanoi_point):
    entry = next(e for e in history_of_point(point=hanoi_point) if e.changes)
    assert entry.who == "Trần An (Sở Nội vụ tỉnh Hà Nội)"


def test_history_shows_phones_in_the_national_form(
    open_conference, hanoi_point, hanoi_staff
):
    services.update_point_details(
        point=hanoi_point,
        data={"technical_contact_phone": "+84912345678"},
        expected_version=hanoi_point.version,
        by=hanoi_staff,
        now=SUBMITTED_AT,
    )
    assert _changes(hanoi_point)["Điện thoại cán bộ kỹ thuật"] == (
        "—",
        "0912 345 678",
    )


def test_history_shows_the_list_s_submission_reopening_and_extension(
    submitted, hanoi_point
):
    organiser = organiser_factory(username="cchc-lichsu", first_name="Lê Bình")
    reopened_at = SUBMITTED_AT + timedelta(hours=1)
    starts = hanoi_point.conference.starts_at
    services.reopen_delegate_list(
        point=hanoi_point,
        by=organiser,
        now=reopened_at,
        reason="Bổ sung đại biểu",
        extend_to=starts - timedelta(hours=2),
    )
    services.extend_deadline(
        point=hanoi_point,
        by=organiser,
        now=reopened_at + timedelta(hours=1),
        extend_to=starts - timedelta(hours=1),
        reason="Tỉnh xin thêm thời gian",
    )

    entries = [
        (e.subject, e.who, e.reason, sorted(c.label for c in e.changes))
        for e in history_of_point(point=hanoi_point)
        if e.subject == "danh sách đại biểu"
    ]

    assert entries == [
        (
            "danh sách đại biểu",
            "Lê Bình (Vụ Cải cách hành chính)",
            "Tỉnh xin thêm thời gian",
            ["Gia hạn đến"],
        ),
        (
            "danh sách đại biểu",
            "Lê Bình (Vụ Cải cách hành chính)",
            "Bổ sung đại biểu",
            ["Gia hạn đến", "Trạng thái danh sách"],
        ),
        (
            "danh sách đại biểu",
            "Trần An (Sở Nội vụ tỉnh Hà Nội)",
            "",
            ["Gửi lúc", "Người gửi", "Trạng thái danh sách"],
        ),
    ]
