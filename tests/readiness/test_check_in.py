"""Issue #16 (11): a check-in was accepted 14 days early and shown on the day view
as connected, and 99,999,999 people were accepted. Check-in opens on the conference
day only, counts are bounded, and the day view counts only that day's check-ins."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from readiness.models import DayCheckIn
from readiness.rules import check_in_window
from tests.factories import VN

pytestmark = pytest.mark.django_db

# The factories' conference: points connect at 07:30 on 22/11/2022, it starts 08:00.
OPENS = datetime(2022, 11, 22, 6, 30, tzinfo=VN)  # 07:30 less the 60 minutes' margin
DAY_ENDS = datetime(2022, 11, 23, 0, 0, tzinfo=VN)
TOO_EARLY = (
    "Việc xác nhận kết nối chỉ mở vào ngày hội nghị, từ 22/11/2022 06:30. Vui lòng "
    "quay lại lúc đó để xác nhận điểm cầu đã kết nối."
)
TOO_LATE = "Ngày hội nghị (22/11/2022) đã kết thúc: đã đóng việc xác nhận kết nối."


def test_the_window_runs_from_the_connection_less_the_margin_to_the_day_end(
    conference,
):
    window = check_in_window(conference=conference, opens_minutes_before=60)
    assert window == (OPENS, DAY_ENDS)
    at = OPENS - timedelta(seconds=1)
    assert not window.is_open(at) and not window.is_over(at)
    assert window.is_open(OPENS)
    last = DAY_ENDS - timedelta(seconds=1)
    assert window.is_open(last) and not window.is_over(last)
    assert not window.is_open(DAY_ENDS) and window.is_over(DAY_ENDS)


def test_the_window_never_opens_before_the_conference_day(conference):
    conference.connection_opens_at = datetime(2022, 11, 22, 0, 30, tzinfo=VN)
    assert check_in_window(conference=conference, opens_minutes_before=120)[0] == (
        datetime(2022, 11, 22, 0, 0, tzinfo=VN)
    )


def test_without_a_connection_time_the_window_follows_the_start(conference):
    conference.connection_opens_at = None
    assert check_in_window(conference=conference, opens_minutes_before=45)[0] == (
        datetime(2022, 11, 22, 7, 15, tzinfo=VN)
    )


def _check_in(client, point, count=25, **extra):
    return client.post(
        reverse("readiness:check_in", args=[point.pk]),
        {"present_count": count, "version": 0, **extra},
    )


def test_a_check_in_two_weeks_early_is_refused(hanoi_point, hanoi_client):
    with time_machine.travel(OPENS - timedelta(days=14), tick=False):
        page = hanoi_client.get(
            reverse("readiness:check_in", args=[hanoi_point.pk]), follow=True
        )
        posted = _check_in(hanoi_client, hanoi_point)

    assert page.redirect_chain == [(f"/points/{hanoi_point.pk}/readiness/", 302)]
    assert [str(m) for m in page.context["messages"]] == [TOO_EARLY]
    assert 'data-testid="check-in-link"' not in page.content.decode()
    assert "Xác nhận kết nối mở từ 06:30 22/11/2022." in page.content.decode()
    assert posted.status_code == 200
    assert posted.context["form"].non_field_errors() == [TOO_EARLY]
    assert not DayCheckIn.objects.exists()


@pytest.mark.parametrize(
    "moment, accepted",
    [
        (OPENS - timedelta(minutes=1), False),
        (OPENS, True),
        (DAY_ENDS - timedelta(minutes=1), True),
        (DAY_ENDS, False),
    ],
)
def test_check_in_at_the_edges_of_the_day(hanoi_point, hanoi_client, moment, accepted):
    with time_machine.travel(moment, tick=False):
        response = _check_in(hanoi_client, hanoi_point)
    assert response.status_code == (302 if accepted else 200)
    assert DayCheckIn.objects.filter(point=hanoi_point).exists() is accepted
    if not accepted:
        expected = TOO_EARLY if moment < OPENS else TOO_LATE
        assert response.context["form"].non_field_errors() == [expected]


def test_the_margin_comes_from_the_settings(hanoi_point, hanoi_client, settings):
    settings.CHECK_IN_OPENS_MINUTES_BEFORE = 120
    with time_machine.travel(datetime(2022, 11, 22, 5, 30, tzinfo=VN), tick=False):
        assert _check_in(hanoi_client, hanoi_point).status_code == 302
    record = DayCheckIn.objects.get(point=hanoi_point)
    assert record.connected_at == datetime(2022, 11, 22, 5, 30, tzinfo=VN)


@time_machine.travel(OPENS + timedelta(hours=1), tick=False)
@pytest.mark.parametrize(
    "capacity, count, accepted, message",
    [
        (None, 99999999, False, "Số người có mặt tại một điểm cầu tối đa là 2000."),
        (None, 2001, False, "Số người có mặt tại một điểm cầu tối đa là 2000."),
        (None, 2000, True, None),
        (
            80,
            81,
            False,
            "Tối đa 80 người: phòng họp của điểm cầu này có 80 chỗ ngồi.",
        ),
        (80, 80, True, None),
    ],
)
def test_the_count_present_is_bounded_by_the_room_or_a_maximum(
    hanoi_point, hanoi_client, capacity, count, accepted, message
):
    hanoi_point.room_capacity = capacity
    hanoi_point.save()
    page = hanoi_client.get(reverse("readiness:check_in", args=[hanoi_point.pk]))
    assert f'max="{capacity or 2000}"' in page.content.decode()

    response = _check_in(hanoi_client, hanoi_point, count=count)

    assert response.status_code == (302 if accepted else 200)
    if accepted:
        assert DayCheckIn.objects.get(point=hanoi_point).present_count == count
    else:
        assert response.context["form"].errors["present_count"] == [message]
        assert not DayCheckIn.objects.exists()


def test_the_service_bounds_the_count_too(hanoi_point, hanoi_staff):
    from django.core.exceptions import ValidationError

    from readiness import services

    with pytest.raises(ValidationError) as refused:
        services.check_in(
            point=hanoi_point,
            present_count=99999999,
            expected_version=0,
            by=hanoi_staff,
            now=OPENS,
        )
    assert refused.value.code == "too_many"
    assert not DayCheckIn.objects.exists()


def test_the_day_view_shows_only_the_conference_days_check_ins(
    conference, hanoi_point, hue_point, organiser_client, technician_client
):
    # A row of another day (written before the conference was moved) and one of
    # the day itself.
    DayCheckIn.objects.create(
        point=hanoi_point, connected_at=OPENS - timedelta(days=14), present_count=40
    )
    DayCheckIn.objects.create(
        point=hue_point,
        connected_at=datetime(2022, 11, 22, 7, 35, tzinfo=VN),
        present_count=12,
    )
    url = reverse("dashboard:day", args=[conference.slug])
    with time_machine.travel(datetime(2022, 11, 22, 8, 5, tzinfo=VN), tick=False):
        day = organiser_client.get(url, headers={"HX-Request": "true"}).context["day"]
        readiness_page = technician_client.get(
            reverse("readiness:point", args=[hanoi_point.pk])
        )

    assert [p.pk for p in day.connected] == [hue_point.pk]
    assert [p.pk for p in day.missing] == [hanoi_point.pk]
    assert day.present_total == 12
    assert [[p.pk for p in missing] for _moment, missing in day.milestones] == [
        [hanoi_point.pk, hue_point.pk],
        [hanoi_point.pk],
        [hanoi_point.pk],
    ]
    assert readiness_page.context["check_in"] is None


def test_a_check_in_on_the_day_replaces_a_row_of_another_day(hanoi_point, hanoi_client):
    DayCheckIn.objects.create(
        point=hanoi_point, connected_at=OPENS - timedelta(days=14), present_count=40
    )
    on_the_day = datetime(2022, 11, 22, 7, 20, tzinfo=VN)
    with time_machine.travel(on_the_day, tick=False):
        response = _check_in(hanoi_client, hanoi_point, count=22, version=1)
    assert response.status_code == 302
    record = DayCheckIn.objects.get(point=hanoi_point)
    assert (record.connected_at, record.present_count, record.version) == (
        on_the_day,
        22,
        2,
    )
