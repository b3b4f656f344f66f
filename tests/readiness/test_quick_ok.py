"""Issue #16 (9): a double click on the technicians' "OK" recorded both rounds, and
two at once answered 500. The button names its round; a repeat records nothing."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from readiness.enums import TestResult as Result
from readiness.models import ConnectionTest
from tests import factories
from tests.otp import login_verified

ALREADY = "Kết quả lần 1 của {point} đã được ghi trước đó"


def recorded(point) -> list[tuple[int, str, str]]:
    return list(
        ConnectionTest.objects.filter(point=point)
        .order_by("round")
        .values_list("round", "result", "engineer")
    )


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_a_double_click_records_the_first_round_once(hanoi_point, technician_client):
    url = reverse("readiness:quick_ok", args=[hanoi_point.pk])

    first = technician_client.post(url, {"round": 1}, follow=True)
    second = technician_client.post(url, {"round": 1}, follow=True)

    assert recorded(hanoi_point) == [(1, Result.OK, "tttt-test")]
    assert shown_messages(first) == [f"Đã ghi kết quả lần 1 của {hanoi_point.name}."]
    [message] = shown_messages(second)
    assert message.startswith(ALREADY.format(point=hanoi_point.name))
    assert "không có gì thay đổi" in message


@pytest.mark.django_db
def test_quick_ok_never_overwrites_a_recorded_problem(hanoi_point, technician_client):
    ConnectionTest.objects.create(
        point=hanoi_point,
        round=1,
        tested_at=hanoi_point.conference.starts_at,
        result=Result.PROBLEM,
        engineer="Kỹ sư A",
    )
    response = technician_client.post(
        reverse("readiness:quick_ok", args=[hanoi_point.pk]), {"round": 1}
    )
    assert response.status_code == 302
    assert recorded(hanoi_point) == [(1, Result.PROBLEM, "Kỹ sư A")]


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"round": ""}, {"round": 3}, {"round": "x"}])
def test_quick_ok_without_a_chosen_round_records_nothing(
    hanoi_point, technician_client, data
):
    response = technician_client.post(
        reverse("readiness:quick_ok", args=[hanoi_point.pk]), data, follow=True
    )
    assert shown_messages(response) == [
        "Hãy chọn lần kiểm tra cần ghi từ danh sách; chưa có gì được ghi."
    ]
    assert recorded(hanoi_point) == []


@pytest.mark.django_db
def test_the_list_offers_the_round_still_to_record(
    conference, hanoi_point, technician_client
):
    url = reverse("dashboard:connection_list", args=[conference.slug])
    assert (
        'data-testid="quick-ok" data-round="1"'
        in technician_client.get(url).content.decode()
    )
    technician_client.post(
        reverse("readiness:quick_ok", args=[hanoi_point.pk]), {"round": 1}
    )
    page = technician_client.get(url).content.decode()
    assert 'data-testid="quick-ok" data-round="2"' in page
    assert 'data-round="1"' not in page
    technician_client.post(
        reverse("readiness:quick_ok", args=[hanoi_point.pk]), {"round": 2}
    )
    assert 'data-testid="quick-ok"' not in technician_client.get(url).content.decode()


def _in_own_session(fn, barrier):
    outcome = {}

    def run():
        try:
            barrier.wait(timeout=30)
            outcome["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _result(started):
    thread, outcome = started
    thread.join(timeout=60)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_quick_oks_at_once_record_one_round_and_tell_the_second(
    conference, hanoi, attempt
):
    point = factories.BridgePointFactory(conference=conference, unit=hanoi)
    first, second = Client(), Client()
    login_verified(first, factories.technician(username="tttt-a"))
    login_verified(second, factories.technician(username="tttt-b"))
    url = reverse("readiness:quick_ok", args=[point.pk])
    barrier = threading.Barrier(2)

    started = [
        _in_own_session(lambda c=c: c.post(url, {"round": 1}), barrier)
        for c in (first, second)
    ]
    responses = [_result(s) for s in started]

    assert [r.status_code for r in responses] == [302, 302]
    assert len(recorded(point)) == 1
    [(round_, result, _engineer)] = recorded(point)
    assert (round_, result) == (1, Result.OK)
    # Each technician's message, read afterwards in this thread: the test client
    # collects rendered contexts through a signal that threads would share.
    page = reverse("readiness:point", args=[point.pk])
    messages = [m for c in (first, second) for m in shown_messages(c.get(page))]
    recorded_message = f"Đã ghi kết quả lần 1 của {point.name}."
    assert len(messages) == 2
    assert messages.count(recorded_message) == 1
    [told] = [m for m in messages if m != recorded_message]
    assert told.startswith(ALREADY.format(point=point.name))
