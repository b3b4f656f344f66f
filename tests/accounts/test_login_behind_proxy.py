"""Issue #16 (2): the login lock behind the compose stack's reverse proxy.

Without django-ipware, axes read REMOTE_ADDR, the proxy's address for every user:
five wrong passwords for cchc from anywhere locked cchc out for everyone, and each
refused try during the lock restarted the cool-off. The lock is now on the user
name and the client's address, the entry the proxy appended to X-Forwarded-For.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "Mat-khau-CCHC-2022"
PROXY = "172.18.0.1"  # the Docker network's gateway: how the TLS proxy reaches web
CLIENT_A = "14.160.32.10"
CLIENT_B = "113.190.40.20"
LOCK_MESSAGE = "do nhập sai mật khẩu quá nhiều lần"


@pytest.fixture
def behind_one_proxy(settings):
    # What AXES_PROXY_COUNT=1 sets (tests/config/test_production_settings.py).
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]


@pytest.fixture
def cchc(db):
    return factories.organiser(username="cchc", password=PASSWORD)


def post_login(
    client,
    password,
    *,
    forwarded_for=None,
    remote_addr=PROXY,
    username="cchc",
    url=None,
):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        **headers,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock(*, forwarded_for, times=5, **kwargs):
    for _attempt in range(times):
        response = post_login(
            Client(), "wrong-password", forwarded_for=forwarded_for, **kwargs
        )
    return response


def test_wrong_passwords_from_one_client_lock_that_client_only(behind_one_proxy, cchc):
    lock(forwarded_for=CLIENT_A)

    from_a = Client()
    response_a = post_login(from_a, PASSWORD, forwarded_for=CLIENT_A)
    from_b = Client()
    response_b = post_login(from_b, PASSWORD, forwarded_for=CLIENT_B)

    assert response_a.status_code == 429
    assert LOCK_MESSAGE in response_a.content.decode()
    assert not logged_in(from_a)
    assert response_b.status_code == 302
    assert logged_in(from_b)
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("cchc", CLIENT_A)
    ]


def test_the_admin_login_behind_the_proxy_locks_one_client_only(behind_one_proxy, db):
    factories.admin_user(username="admin", password=PASSWORD)
    admin_login = reverse("admin:login")
    lock(forwarded_for=CLIENT_A, username="admin", url=admin_login)

    locked = post_login(
        Client(), PASSWORD, forwarded_for=CLIENT_A, username="admin", url=admin_login
    )
    other = Client()
    allowed = post_login(
        other, PASSWORD, forwarded_for=CLIENT_B, username="admin", url=admin_login
    )

    assert locked.status_code == 429
    assert allowed.status_code == 302
    assert logged_in(other)


def test_a_spoofed_forwarded_for_entry_does_not_move_the_lock(behind_one_proxy, cchc):
    # The attacker at A writes B, then other addresses, in the header; the proxy
    # appends A, the address it was reached from.
    for n in range(5):
        post_login(
            Client(),
            "wrong-password",
            forwarded_for=f"{CLIENT_B}, 10.0.0.{n}, {CLIENT_A}",
        )

    from_a = post_login(Client(), PASSWORD, forwarded_for=CLIENT_A)
    from_b = Client()
    response_b = post_login(from_b, PASSWORD, forwarded_for=CLIENT_B)

    assert from_a.status_code == 429
    assert response_b.status_code == 302
    assert logged_in(from_b)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_a_garbage_forwarded_for_entry_does_not_move_the_lock(behind_one_proxy, cchc):
    lock(forwarded_for=f"not-an-address, {CLIENT_A}")

    assert post_login(Client(), PASSWORD, forwarded_for=CLIENT_A).status_code == 429
    assert post_login(Client(), PASSWORD, forwarded_for=CLIENT_B).status_code == 302


def test_clients_on_a_private_network_behind_a_public_proxy_are_told_apart(
    behind_one_proxy, cchc
):
    # Provinces on the government's private network, the proxy on a public
    # address: REMOTE_ADDR is not read, or ipware would prefer the public proxy.
    lock(forwarded_for="10.10.1.5", remote_addr="203.162.4.1")

    colleague = Client()
    response = post_login(
        colleague, PASSWORD, forwarded_for="10.10.2.7", remote_addr="203.162.4.1"
    )

    assert response.status_code == 302
    assert logged_in(colleague)
    assert (
        post_login(
            Client(), PASSWORD, forwarded_for="10.10.1.5", remote_addr="203.162.4.1"
        ).status_code
        == 429
    )


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(
    settings, cchc
):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # AXES_PROXY_COUNT=2
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    first_proxy = "10.0.0.2"
    lock(forwarded_for=f"{CLIENT_B}, {CLIENT_A}, {first_proxy}")

    assert (
        post_login(
            Client(), PASSWORD, forwarded_for=f"{CLIENT_A}, {first_proxy}"
        ).status_code
        == 429
    )
    assert (
        post_login(
            Client(), PASSWORD, forwarded_for=f"{CLIENT_B}, {first_proxy}"
        ).status_code
        == 302
    )


def test_a_request_without_the_header_behind_the_proxy_still_logs_in(
    behind_one_proxy, cchc
):
    client = Client()

    response = post_login(client, PASSWORD, remote_addr="127.0.0.1")

    assert response.status_code == 302
    assert logged_in(client)


def test_tries_during_the_lock_do_not_extend_it(behind_one_proxy, cchc):
    start = datetime(2022, 11, 18, 9, 0, tzinfo=VN)
    with time_machine.travel(start, tick=False):
        lock(forwarded_for=CLIENT_A)

    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        during = lock(forwarded_for=CLIENT_A, times=3)
        with_right_password = post_login(Client(), PASSWORD, forwarded_for=CLIENT_A)

    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        client = Client()
        after = post_login(client, PASSWORD, forwarded_for=CLIENT_A)
        logged_in_after = logged_in(client)

    assert during.status_code == with_right_password.status_code == 429
    html = during.content.decode()
    # The lock still ends 15 minutes after the fifth failure, as the page says.
    assert "Vui lòng thử lại sau 09:15 ngày 18/11/2022" in html
    assert "(5 phút nữa)" in html
    assert after.status_code == 302
    assert logged_in_after


def test_the_page_rounds_the_end_of_the_lock_up_to_the_minute(behind_one_proxy, cchc):
    start = datetime(2022, 11, 18, 9, 0, 20, tzinfo=VN)
    with time_machine.travel(start, tick=False):
        response = lock(forwarded_for=CLIENT_A, times=6)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Vui lòng thử lại sau 09:16 ngày 18/11/2022" in html
    assert "(16 phút nữa)" in html
