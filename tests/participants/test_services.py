from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.enums import Agency, DelegateRole, ListStatus, RegistrationStatus
from participants.exceptions import ListNotEditable, StaleEdit
from participants.models import Delegate
from tests.factories import DelegateFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE_DEADLINE = datetime(2022, 11, 19, 10, 0, tzinfo=VN)
JUST_BEFORE = datetime(2022, 11, 20, 23, 59, tzinfo=VN)
AFTER_DEADLINE = datetime(2022, 11, 21, 0, 0, 1, tzinfo=VN)


def delegate_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "position": "Phó Giám đốc",
        "agency": Agency.JUSTICE,
        "agency_other": "",
        "phone": "+84987654321",
        "email": "lan@example.vn",
        "role": DelegateRole.ATTENDEE,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_create_delegate_adds_to_list_and_bumps_list_version(hanoi_point, hanoi_staff):
    delegate = services.create_delegate(
        point=hanoi_point, data=delegate_data(), by=hanoi_staff, now=BEFORE_DEADLINE
    )
    hanoi_point.refresh_from_db()
    assert list(hanoi_point.delegates.values_list("full_name", flat=True)) == [
        "Nguyễn Thị Lan"
    ]
    assert hanoi_point.delegate_list.version == 2
    assert delegate.history.get().history_user == hanoi_staff


@pytest.mark.django_db
def test_deadline_comes_from_the_conference_not_the_code(hanoi_point, hanoi_staff):
    services.create_delegate(
        point=hanoi_point, data=delegate_data(), by=hanoi_staff, now=JUST_BEFORE
    )
    with pytest.raises(ListNotEditable) as exc:
        services.create_delegate(
            point=hanoi_point,
            data=delegate_data(full_name="Lê Văn Hùng", phone="", email=""),
            by=hanoi_staff,
            now=AFTER_DEADLINE,
        )
    assert exc.value.code == "deadline"
    conference = hanoi_point.conference
    conference.delegate_list_deadline = AFTER_DEADLINE + timedelta(days=1)
    conference.save()
    hanoi_point.refresh_from_db()
    services.create_delegate(
        point=hanoi_point,
        data=delegate_data(full_name="Lê Văn Hùng", phone="", email=""),
        by=hanoi_staff,
        now=AFTER_DEADLINE,
    )
    assert hanoi_point.delegates.count() == 2


@pytest.mark.django_db
def test_submit_needs_exactly_one_chair(hanoi_point, hanoi_staff):
    DelegateFactory(point=hanoi_point, role=DelegateRole.ATTENDEE)
    with pytest.raises(ListNotEditable) as exc:
        services.submit_delegate_list(
            point=hanoi_point,
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
            expected_list_version=hanoi_point.delegate_list.version,
        )
    assert exc.value.code == "no_chair"
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT


@pytest.mark.django_db
def test_submit_records_who_and_when_and_locks_the_list(
    hanoi_point, hanoi_staff, django_capture_on_commit_callbacks
):
    from outbox.services import nudge_sender
    from tests.factories import organiser

    organiser(email="cchc@moha.gov.vn")
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_delegate_list(
            point=hanoi_point,
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
            expected_list_version=hanoi_point.delegate_list.version,
        )
    # The outbox rows are in the transaction; the sender is nudged after commit.
    assert callbacks == [nudge_sender]
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.SUBMITTED
    assert hanoi_point.delegate_list.submitted_by == hanoi_staff
    assert hanoi_point.delegate_list.submitted_at == BEFORE_DEADLINE
    assert (
        hanoi_point.delegate_list.status_at(now=AFTER_DEADLINE) == ListStatus.SUBMITTED
    )
    with pytest.raises(ListNotEditable) as exc:
        services.create_delegate(
            point=hanoi_point, data=delegate_data(), by=hanoi_staff, now=BEFORE_DEADLINE
        )
    assert exc.value.code == "submitted"


@pytest.mark.django_db
def test_submit_refuses_a_list_that_changed_since_the_page_was_shown(
    hanoi_point, hanoi_staff
):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    seen = hanoi_point.delegate_list.version
    services.create_delegate(
        point=hanoi_point, data=delegate_data(), by=hanoi_staff, now=BEFORE_DEADLINE
    )
    with pytest.raises(StaleEdit):
        services.submit_delegate_list(
            point=hanoi_point,
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
            expected_list_version=seen,
        )


@pytest.mark.django_db
def test_reopen_lets_the_province_edit_after_the_deadline(hanoi_point, hanoi_staff):
    from tests.factories import organiser

    cchc = organiser()
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    services.submit_delegate_list(
        point=hanoi_point,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    services.reopen_delegate_list(
        point=hanoi_point, by=cchc, now=AFTER_DEADLINE, reason="Bổ sung đại biểu"
    )
    hanoi_point.refresh_from_db()
    assert (
        hanoi_point.delegate_list.status_at(now=AFTER_DEADLINE) == ListStatus.REOPENED
    )
    record = hanoi_point.delegate_list.history.first()
    assert (record.history_change_reason, record.history_user) == (
        "Bổ sung đại biểu",
        cchc,
    )
    services.create_delegate(
        point=hanoi_point, data=delegate_data(), by=hanoi_staff, now=AFTER_DEADLINE
    )
    assert hanoi_point.delegates.count() == 2


@pytest.mark.django_db
def test_extension_moves_this_province_deadline_only(
    hanoi_point, hue_point, hanoi_staff
):
    from tests.factories import organiser

    extended_to = AFTER_DEADLINE + timedelta(hours=12)
    services.extend_deadline(
        point=hanoi_point,
        by=organiser(),
        now=AFTER_DEADLINE,
        extend_to=extended_to,
        reason="Tỉnh xin thêm thời gian",
    )
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    assert services.is_list_editable(point=hanoi_point, now=AFTER_DEADLINE)
    assert not services.is_list_editable(
        point=hanoi_point, now=extended_to + timedelta(seconds=1)
    )
    assert not services.is_list_editable(point=hue_point, now=AFTER_DEADLINE)
    assert hue_point.delegate_list.status_at(now=AFTER_DEADLINE) == ListStatus.LATE


@pytest.mark.django_db
def test_extend_refuses_a_deadline_in_the_past(hanoi_point):
    from tests.factories import organiser

    with pytest.raises(ValidationError) as caught:
        services.extend_deadline(
            point=hanoi_point,
            by=organiser(),
            now=AFTER_DEADLINE,
            extend_to=AFTER_DEADLINE - timedelta(hours=1),
            reason="x",
        )
    assert caught.value.code == "past_deadline"
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.deadline_extended_to is None


@pytest.mark.django_db
def test_a_list_never_submitted_cannot_be_reopened(hanoi_point):
    from tests.factories import organiser

    with pytest.raises(ValidationError) as caught:
        services.reopen_delegate_list(
            point=hanoi_point, by=organiser(), now=AFTER_DEADLINE, reason="x"
        )
    assert caught.value.code == "never_submitted"
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT


@pytest.mark.django_db
def test_reopening_a_draft_is_refused_and_extending_is_the_way(hanoi_point):
    """Issue #7 (9): a never-submitted list "reopened" stayed open until the
    conference started."""
    from tests.factories import organiser

    cchc = organiser()
    with pytest.raises(ListNotEditable) as exc:
        services.reopen_delegate_list(
            point=hanoi_point, by=cchc, now=AFTER_DEADLINE, reason="Mở lại"
        )
    assert exc.value.code == "never_submitted"
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    assert not services.is_list_editable(point=hanoi_point, now=AFTER_DEADLINE)

    extended_to = AFTER_DEADLINE + timedelta(days=1)
    services.extend_deadline(
        point=hanoi_point,
        by=cchc,
        now=AFTER_DEADLINE,
        extend_to=extended_to,
        reason="Tỉnh xin thêm một ngày",
    )
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    assert hanoi_point.delegate_list.deadline == extended_to
    assert not services.is_list_editable(
        point=hanoi_point, now=extended_to + timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_extending_a_submitted_list_is_refused(hanoi_point, hanoi_staff):
    from tests.factories import organiser

    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    services.submit_delegate_list(
        point=hanoi_point,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    with pytest.raises(ListNotEditable) as exc:
        services.extend_deadline(
            point=hanoi_point,
            by=organiser(),
            now=AFTER_DEADLINE,
            extend_to=AFTER_DEADLINE + timedelta(days=1),
            reason="Gia hạn",
        )
    assert exc.value.code == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "call",
    [
        lambda point, delegate, by: services.update_delegate(
            delegate=delegate,
            data={"position": "X"},
            expected_version=None,
            by=by,
            now=BEFORE_DEADLINE,
        ),
        lambda point, delegate, by: services.delete_delegate(
            delegate=delegate, expected_version=None, by=by, now=BEFORE_DEADLINE
        ),
        lambda point, delegate, by: services.update_point_details(
            point=point,
            data={"room": "X"},
            expected_version=None,
            by=by,
            now=BEFORE_DEADLINE,
        ),
        lambda point, delegate, by: services.submit_delegate_list(
            point=point, by=by, now=BEFORE_DEADLINE, expected_list_version=None
        ),
    ],
    ids=["update_delegate", "delete_delegate", "update_point", "submit"],
)
def test_a_write_without_its_version_is_refused_by_the_service(
    call, hanoi_point, hanoi_staff
):
    """Issue #7 (5): no version is no proof the page was current."""
    delegate = DelegateFactory(
        point=hanoi_point, role=DelegateRole.CHAIR, position="Giám đốc"
    )
    with pytest.raises(StaleEdit):
        call(hanoi_point, delegate, hanoi_staff)
    delegate.refresh_from_db()
    hanoi_point.refresh_from_db()
    assert (delegate.position, hanoi_point.room) == (
        "Giám đốc",
        "Phòng họp trực tuyến UBND tỉnh",
    )
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT


def test_stale_delegate_edit_is_refused_and_first_save_kept(hanoi_point, hanoi_staff):
    delegate = DelegateFactory(point=hanoi_point, position="Chuyên viên")
    seen_version = delegate.version
    services.update_delegate(
        delegate=delegate,
        data={"position": "Trưởng phòng"},
        expected_version=seen_version,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
    )
    with pytest.raises(StaleEdit):
        services.update_delegate(
            delegate=delegate,
            data={"position": "Phó phòng"},
            expected_version=seen_version,
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
        )
    delegate.refresh_from_db()
    assert delegate.position == "Trưởng phòng"


def test_stale_point_details_are_refused(hanoi_point, hanoi_staff):
    seen = hanoi_point.version
    services.update_point_details(
        point=hanoi_point,
        data={"room": "Phòng 201"},
        expected_version=seen,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
    )
    with pytest.raises(StaleEdit):
        services.update_point_details(
            point=hanoi_point,
            data={"room": "Phòng 305"},
            expected_version=seen,
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
        )
    hanoi_point.refresh_from_db()
    assert hanoi_point.room == "Phòng 201"


def test_delete_delegate_keeps_history_of_the_removal(hanoi_point, hanoi_staff):
    delegate = DelegateFactory(point=hanoi_point, full_name="Đỗ Văn Xoá")
    services.delete_delegate(
        delegate=delegate,
        expected_version=delegate.version,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
    )
    assert not Delegate.objects.filter(pk=delegate.pk).exists()
    removal = Delegate.history.filter(id=delegate.pk, history_type="-").get()
    assert removal.history_user == hanoi_staff


def test_database_refuses_a_second_chair_even_if_checks_are_bypassed(
    hanoi_point, hanoi_staff
):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    with pytest.raises(StaleEdit):
        services.create_delegate(
            point=hanoi_point,
            data=delegate_data(role=DelegateRole.CHAIR),
            by=hanoi_staff,
            now=BEFORE_DEADLINE,
        )
    assert hanoi_point.delegates.filter(role=DelegateRole.CHAIR).count() == 1
