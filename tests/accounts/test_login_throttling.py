"""Issue #7 (6): login throttling on /login/ and /admin/login/, and idle sessions.

Fifty wrong passwords for snv-01, then the right one, used to log in. The lock is
on the user name and the address together, with a finite cool-off.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "secret-pass-123"
GATEWAY = "203.113.0.10"  # one province's government gateway
OTHER_GATEWAY = "203.113.0.99"


@pytest.fixture
def snv(hanoi):
    return factories.province_staff(hanoi, username="snv-01")


def post_login(client, username, password, *, url=None, address=GATEWAY):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_is_refused(snv):
    client = Client()
    with time_machine.travel(datetime(2022, 11, 18, 9, 0, tzinfo=VN), tick=False):
        for _attempt in range(50):
            post_login(client, "snv-01", "wrong-password")

        response = post_login(client, "snv-01", PASSWORD)
        assert not logged_in(client)

    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="locked-out"' in html
    assert "do nhập sai mật khẩu quá nhiều lần" in html
    assert "Vui lòng thử lại sau 09:15 ngày 18/11/2022" in html
    assert "(15 phút nữa)" in html


def test_the_lock_starts_at_the_failure_limit(snv):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "snv-01", "wrong").status_code == 200
    assert post_login(client, "snv-01", PASSWORD).status_code == 302
    assert logged_in(client)


def test_another_user_name_from_the_same_address_is_not_locked(snv, hue):
    factories.province_staff(hue, username="snv-46")
    attacker = Client()
    for _attempt in range(50):
        post_login(attacker, "snv-01", "wrong-password")

    colleague = Client()
    response = post_login(colleague, "snv-46", PASSWORD)

    assert response.status_code == 302
    assert logged_in(colleague)


def test_the_same_user_name_from_another_address_is_not_locked(snv):
    for _attempt in range(50):
        post_login(Client(), "snv-01", "wrong-password")

    client = Client()
    response = post_login(client, "snv-01", PASSWORD, address=OTHER_GATEWAY)

    assert response.status_code == 302
    assert logged_in(client)


def test_admin_login_is_throttled_too(db):
    factories.admin_user(username="admin", is_staff=True, is_superuser=True)
    client = Client()
    admin_login = reverse("admin:login")
    for _attempt in range(50):
        post_login(client, "admin", "wrong-password", url=admin_login)

    response = post_login(client, "admin", PASSWORD, url=admin_login)

    assert response.status_code == 429
    assert "do nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_lock_ends_after_the_cool_off(snv):
    client = Client()
    for _attempt in range(10):
        post_login(client, "snv-01", "wrong-password")
    assert post_login(client, "snv-01", PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert post_login(client, "snv-01", PASSWORD).status_code == 302
    assert logged_in(client)


def test_session_ends_after_a_working_day_idle(snv, hanoi_point):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client = Client()
    post_login(client, "snv-01", PASSWORD)
    session = Session.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(hours=8)
    assert abs((session.expire_date - expected).total_seconds()) < 60

    # Each request pushes the end back: idle time counts, not time since login.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get(hanoi_point.get_absolute_url()).status_code == 200
    session.refresh_from_db()
    assert abs((session.expire_date - expected).total_seconds()) < 60

    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(hanoi_point.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
