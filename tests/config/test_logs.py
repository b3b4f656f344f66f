"""Issue #20: structured logs, one JSON object a line with the request id, user id,
role, province and point; the request id from the proxy when well formed."""

import pytest
from django.test import Client
from django.urls import reverse

from config.logs import new_request_id
from tests.logcapture import json_log_lines
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


def access_lines(captured) -> list[dict]:
    return [line for line in captured["lines"] if line["logger"] == "portal.access"]


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_returned(hanoi_client):
    with json_log_lines() as captured:
        response = hanoi_client.get(reverse("home"), HTTP_X_REQUEST_ID="abc-123_DEF.9")
    assert response["X-Request-ID"] == "abc-123_DEF.9"
    assert {line["request_id"] for line in captured["lines"]} == {"abc-123_DEF.9"}


@pytest.mark.parametrize(
    "incoming",
    ["", "short", "has space inside", "x" * 129, "inject\nline", "é-ü-12345"],
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(incoming):
    replaced = new_request_id(incoming)
    assert replaced != incoming
    assert len(replaced) == 32 and int(replaced, 16) >= 0


def test_each_request_without_an_id_gets_its_own(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert first != second
    assert len(first) == len(second) == 32


def test_the_access_line_names_the_user_role_province_point_and_route(
    hanoi_point, hanoi_staff
):
    client = login_verified(Client(), hanoi_staff)
    url = reverse("participants:point_detail", args=[hanoi_point.pk])
    with json_log_lines() as captured:
        client.get(url, HTTP_X_REQUEST_ID="req-point-0001")

    [line] = access_lines(captured)
    assert {
        key: line[key]
        for key in (
            "level",
            "message",
            "request_id",
            "user_id",
            "role",
            "province",
            "point",
            "method",
            "route",
            "status",
        )
    } == {
        "level": "INFO",
        "message": "GET points/<int:pk>/ 200",
        "request_id": "req-point-0001",
        "user_id": hanoi_staff.pk,
        "role": "province_staff",
        "province": hanoi_staff.province_id,
        "point": hanoi_point.pk,
        "method": "GET",
        "route": "points/<int:pk>/",
        "status": 200,
    }
    assert line["duration_ms"] >= 0
    assert set(line) >= {"time", "logger"}


def test_an_anonymous_request_has_no_user_in_its_lines(client):
    with json_log_lines() as captured:
        client.get(reverse("login"))
    [line] = access_lines(captured)
    assert (line["user_id"], line["role"], line["route"]) == (None, None, "login/")


def test_a_path_that_carries_a_token_is_logged_by_its_route_only(client):
    path = "/password/reset/MQ/c5x-0123456789abcdef0123456789abcdef/"
    with json_log_lines() as captured:
        client.get(path)
    assert "0123456789abcdef" not in captured["raw"]
    [line] = access_lines(captured)
    assert line["route"] == "password/reset/<uidb64>/<token>/"
