"""Issue #16 (8, 12): a reason of 101–500 characters answered 500 (the history kept
100), and a new deadline typed as a day alone became 00:00, earlier than the old one,
while a deadline after the conference's start was accepted."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.enums import RegistrationStatus
from participants.exceptions import DecisionRefused
from participants.models import DECISION_REASON_MAX_LENGTH, DelegateList
from tests.factories import VN, organiser

pytestmark = pytest.mark.django_db

# far_conference: lists due 01/11/2098 17:00, the conference starts 05/01/2099 08:00.
NOT_LATER = "Hạn mới ({new}) phải sau hạn hiện tại (01/11/2098 17:00)."
AFTER_START = "Hạn mới ({new}) phải trước giờ khai mạc hội nghị (05/01/2099 08:00)."


def reason_of(length: int) -> str:
    text = ("Tỉnh xin bổ sung đại biểu của Sở Tư pháp " * 20)[: length - 1] + "."
    assert len(text) == length
    return text


def extend(client, point, *, extend_to="15/12/2098 17:00", reason="Tỉnh xin gia hạn"):
    return client.post(
        reverse("participants:point_reopen", args=[point.pk]),
        {"extend_to": extend_to, "reason": reason},
    )


def latest_reason(point) -> str:
    return (
        DelegateList.history.filter(point_id=point.pk)
        .latest("history_date")
        .history_change_reason
    )


def test_one_length_for_the_form_the_service_and_the_history():
    history_field = DelegateList.history.model._meta.get_field("history_change_reason")
    assert DECISION_REASON_MAX_LENGTH == 500
    assert history_field.max_length == DECISION_REASON_MAX_LENGTH


@pytest.mark.parametrize("length", [101, 500])
def test_a_long_reason_is_kept_whole_in_the_history(
    far_conference, organiser_client, hanoi_point, length
):
    reason = reason_of(length)
    response = extend(organiser_client, hanoi_point, reason=reason)
    assert response.status_code == 302
    assert latest_reason(hanoi_point) == reason
    history = organiser_client.get(
        reverse("participants:point_history", args=[hanoi_point.pk])
    )
    assert reason in history.content.decode()


@pytest.mark.parametrize("submitted", [False, True])
def test_a_reason_of_501_characters_is_refused_in_the_form(
    far_conference, organiser_client, hanoi_point, submitted
):
    if submitted:
        hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
        hanoi_point.delegate_list.save()
    response = extend(organiser_client, hanoi_point, reason=reason_of(501))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Lý do chỉ được dài tối đa 500 ký tự; nội dung đã nhập có 501 ký tự. "
        "Vui lòng rút gọn."
    ]
    assert 'maxlength="500"' in response.content.decode()
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.deadline_extended_to is None
    assert hanoi_point.delegate_list.status == (
        RegistrationStatus.SUBMITTED if submitted else RegistrationStatus.DRAFT
    )


def test_the_services_refuse_a_reason_of_501_characters(far_conference, hanoi_point):
    now = datetime(2098, 10, 1, 9, 0, tzinfo=VN)
    with pytest.raises(DecisionRefused) as extended:
        services.extend_deadline(
            point=hanoi_point,
            by=organiser(),
            now=now,
            extend_to=datetime(2098, 12, 1, 17, 0, tzinfo=VN),
            reason=reason_of(501),
        )
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    with pytest.raises(DecisionRefused) as reopened:
        services.reopen_delegate_list(
            point=hanoi_point, by=organiser(), now=now, reason=reason_of(501)
        )
    assert (extended.value.code, extended.value.field) == ("reason_too_long", "reason")
    assert reopened.value.code == "reason_too_long"
    hanoi_point.refresh_from_db()
    assert (
        hanoi_point.delegate_list.status,
        hanoi_point.delegate_list.deadline_extended_to,
    ) == (
        RegistrationStatus.SUBMITTED,
        None,
    )


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("15/12/2098", "2098-12-15T23:59:00+07:00"),
        # The day of the current deadline (17:00): a day alone was 00:00, earlier.
        ("01/11/2098", "2098-11-01T23:59:00+07:00"),
        ("15/12/2098 08:30", "2098-12-15T08:30:00+07:00"),
    ],
)
def test_a_day_alone_means_23_59_that_day(
    far_conference, organiser_client, hanoi_point, typed, kept
):
    response = extend(organiser_client, hanoi_point, extend_to=typed)
    assert response.status_code == 302
    hanoi_point.refresh_from_db()
    assert (
        timezone.localtime(hanoi_point.delegate_list.deadline_extended_to).isoformat()
        == kept
    )


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/10/2098 10:00", NOT_LATER.format(new="31/10/2098 10:00")),
        ("01/11/2098 17:00", NOT_LATER.format(new="01/11/2098 17:00")),
        ("05/01/2099 08:00", AFTER_START.format(new="05/01/2099 08:00")),
        ("06/01/2099", AFTER_START.format(new="06/01/2099 23:59")),
    ],
)
@pytest.mark.parametrize("submitted", [False, True])
def test_a_deadline_not_later_or_not_before_the_start_is_refused(
    far_conference, organiser_client, hanoi_point, typed, message, submitted
):
    if submitted:  # reopened with a new deadline
        hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
        hanoi_point.delegate_list.save()
    response = extend(organiser_client, hanoi_point, extend_to=typed)
    assert response.status_code == 200
    assert response.context["form"].errors["extend_to"] == [message]
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.deadline_extended_to is None
    assert hanoi_point.delegate_list.status == (
        RegistrationStatus.SUBMITTED if submitted else RegistrationStatus.DRAFT
    )


def test_a_second_extension_must_go_beyond_the_first(
    far_conference, organiser_client, hanoi_point
):
    assert (
        extend(organiser_client, hanoi_point, extend_to="10/12/2098").status_code == 302
    )
    response = extend(organiser_client, hanoi_point, extend_to="09/12/2098 17:00")
    assert response.context["form"].errors["extend_to"] == [
        "Hạn mới (09/12/2098 17:00) phải sau hạn hiện tại (10/12/2098 23:59)."
    ]
    hanoi_point.refresh_from_db()
    assert timezone.localtime(
        hanoi_point.delegate_list.deadline_extended_to
    ).isoformat() == ("2098-12-10T23:59:00+07:00")


def test_a_malformed_deadline_names_the_accepted_forms(
    far_conference, organiser_client, hanoi_point
):
    response = extend(organiser_client, hanoi_point, extend_to="2098-12-15")
    assert response.context["form"].errors["extend_to"] == [
        "Nhập ngày theo dạng ngày/tháng/năm, kèm giờ:phút nếu cần, ví dụ "
        "20/11/2022 17:00 (chỉ nhập ngày thì hạn là 23:59 của ngày đó)."
    ]


def test_the_extend_form_gives_an_example_of_the_live_conference(
    organiser_client, hanoi_point
):
    """Issue #18: the example date is the conference's own (17:00 the day before it
    opens), not the plan's 20/11/2022."""
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localtime(hanoi_point.conference.starts_at).date() - timedelta(1)
    page = organiser_client.get(hanoi_point.get_absolute_url()).content.decode()

    assert f"ví dụ {day:%d/%m/%Y} 17:00; chỉ nhập ngày" in page
    assert "20/11/2022 17:00" not in page
